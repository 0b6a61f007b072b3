using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.Onnx;
using XRouter.Policy.Catalog;
using XRouter.Policy.Learning;
using XRouter.Policy.Routing;
using XRouter.SemanticKernel;
using XRouter.SemanticKernel.Budget;
using XRouter.SemanticKernel.Options;
using XRouter.SemanticKernel.Orchestration;
using XRouter.SemanticKernel.Pool;
using XRouter.SemanticKernel.Profiles;
using XRouter.SemanticKernel.Services;

#pragma warning disable IDE0130 // Extension methods live where the types they extend are found, as in SK.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the XRouter chat service.</summary>
public static class XRouterServiceCollectionExtensions
{
    /// <summary>
    /// Adds the XRouter chat service, with options bound from the <c>XRouter</c> section of
    /// <paramref name="configuration"/> and validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root (or any configuration holding an <c>XRouter</c> section).</param>
    /// <param name="backbone">Creates the router policy backbone, which XRouter then owns and disposes; when null, <c>XRouter:Backbone</c> or <c>XRouter:OnnxBackbone</c> configures one, else the default learned policy (<see cref="LearnedRoutingPolicy.LoadDefault"/>) routes.</param>
    /// <param name="serviceId">The key of the registered <see cref="IChatCompletionService"/> and <see cref="IChatClient"/>; null registers them unkeyed.</param>
    public static IServiceCollection AddXRouter(
        this IServiceCollection services,
        IConfiguration configuration,
        Func<IServiceProvider, IChatClient>? backbone = null,
        string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(XRouterOptions.SectionName);
        return services.AddXRouterCore(options => options.Bind(section), backbone, serviceId);
    }

    /// <summary>Adds the XRouter chat service with options set in code and validated at start-up.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="backbone">Creates the router policy backbone, which XRouter then owns and disposes; when null, <see cref="XRouterOptions.Backbone"/> or <see cref="XRouterOptions.OnnxBackbone"/> configures one, else the default learned policy (<see cref="LearnedRoutingPolicy.LoadDefault"/>) routes.</param>
    /// <param name="serviceId">The key of the registered <see cref="IChatCompletionService"/> and <see cref="IChatClient"/>; null registers them unkeyed.</param>
    public static IServiceCollection AddXRouter(
        this IServiceCollection services,
        Action<XRouterOptions> configure,
        Func<IServiceProvider, IChatClient>? backbone = null,
        string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddXRouterCore(options => options.Configure(configure), backbone, serviceId);
    }

    private static IServiceCollection AddXRouterCore(
        this IServiceCollection services,
        Action<OptionsBuilder<XRouterOptions>> configure,
        Func<IServiceProvider, IChatClient>? backbone,
        string? serviceId)
    {
        string optionsName = serviceId ?? Microsoft.Extensions.Options.Options.DefaultName;
        configure(services.AddOptions<XRouterOptions>(optionsName).ValidateOnStart());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<XRouterOptions>, XRouterOptionsValidator>());

        services.AddKeyedSingleton(serviceId, (sp, key) => Create(sp, sp.GetRequiredService<IOptionsMonitor<XRouterOptions>>().Get(optionsName), backbone, key));
        services.AddKeyedSingleton<IChatCompletionService>(serviceId, (sp, key) => sp.GetRequiredKeyedService<XRouterChatCompletionService>(key));
        services.AddKeyedSingleton<IChatClient>(serviceId, (sp, key) => sp.GetRequiredKeyedService<XRouterChatCompletionService>(key));
        return services;
    }

    // An id without a price keeps its bare client; the pool then refuses it with the error that names the catalog.
    private static IChatClient Decorate(ModelCatalog catalog, string id, IChatClient client, List<IModelClientDecorator> decorators) =>
        catalog.TryGet(id, out var card) ? decorators.Aggregate(client, (inner, decorator) => decorator.Decorate(card, inner)) : client;

    // The default learned router; with XRouter:DirectAnswer the router model writes its direct answers.
    private static RoutingPolicyChatClient LearnedRouter(ModelCatalog catalog, XRouterOptions options, List<IModelClientDecorator> decorators) =>
        options.DirectAnswer is { } endpoint
            ? new RoutingPolicyChatClient(
                LearnedRoutingPolicy.LoadDefault(),
                catalog,
                directAnswerModelId: options.RouterModelId,
                directAnswerClient: Decorate(catalog, options.RouterModelId, OpenAICompatibleClientFactory.Create(options.RouterModelId, endpoint), decorators))
            : new RoutingPolicyChatClient(LearnedRoutingPolicy.LoadDefault(), catalog);

    private static XRouterChatCompletionService Create(IServiceProvider sp, XRouterOptions options, Func<IServiceProvider, IChatClient>? backbone, object? serviceKey)
    {
        var loggerFactory = sp.GetService<ILoggerFactory>();
        var catalog = options.Catalog ?? CatalogJson.Load(options.CatalogPath!);
        var ids = options.Pool.Count > 0 ? options.Pool : [.. options.Models.Keys];
        var clients = new Dictionary<string, IChatClient>(StringComparer.Ordinal);
        var decorators = sp.GetServices<IModelClientDecorator>().ToList();
        foreach (string id in ids)
        {
            clients[id] = options.Models.TryGetValue(id, out var endpoint)
                ? Decorate(catalog, id, OpenAICompatibleClientFactory.Create(id, endpoint), decorators)
                : sp.GetKeyedService<IChatClient>(id)
                    ?? throw new XRouterException($"Pool model '{id}' has no endpoint: set XRouter:Models:{id}:Endpoint or register an IChatClient keyed '{id}'.");
        }

        var router = backbone?.Invoke(sp)
            ?? (options.OnnxBackbone is { } onnx ? new OnnxDecoderChatClient(onnx) : null)
            ?? (options.Backbone is { } backboneEndpoint ? OpenAICompatibleClientFactory.Create(options.RouterModelId, backboneEndpoint) : null)
            ?? LearnedRouter(catalog, options, decorators);
        var pool = new ModelPool(catalog, clients, options.DownstreamMaxOutputTokens, RouterProfile.For(options.Profile));
        var kernel = new Kernel(sp, new KernelPluginCollection(sp.GetServices<KernelPlugin>()));
        return new XRouterChatCompletionService(
            router,
            pool,
            options.RouterModelId,
            new RoutingDefaults(options.MaxTurns, options.DefaultCostPenalty, options.EstimateMissingUsage, options.DefaultMaxCostUsd, options.RouterMaxOutputTokens),
            kernel,
            // A registered store (keyed by the service id, or unkeyed) shares accounts beyond this process.
            sp.GetKeyedService<IBudgetStore>(serviceKey) ?? sp.GetService<IBudgetStore>() ?? new InMemoryBudgetStore(options.SharedBudgets),
            loggerFactory,
            sp.GetService<IMeterFactory>());
    }
}

using AgentDemo.Cli;
using AgentDemo.Data;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using XRouter.Onnx;
using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Replay;
using XRouter.Policy.Routing;
using XRouter.SemanticKernel;
using XRouter.SemanticKernel.Options;

namespace AgentDemo.Routing;

/// <summary>
/// Registers XRouter for the demo. Offline, the downstream models are replay clients answering from the routing
/// log; live, they are the configured endpoints. The router is the routing policy (an in-process backbone that
/// costs nothing), or a local ONNX router model with <c>--local-router</c>, or a configured
/// <c>XRouter:Backbone</c> endpoint when live.
/// </summary>
internal static class DemoXRouter
{
    /// <summary>The catalog id of the in-process policy router.</summary>
    public const string PolicyRouterId = "xrouter-policy";

    /// <summary>The catalog id of a local ONNX router; it runs on this machine, so its tokens cost no API money.</summary>
    public const string LocalRouterId = "local-onnx-router";

    /// <summary>The OpenAI endpoint used live when only <c>OPENAI_API_KEY</c> is set.</summary>
    public static readonly Uri OpenAIEndpoint = new("https://api.openai.com/v1/");

    public static ServiceProvider Build(DemoData data, DemoSettings settings, IRoutingPolicy policy, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = new ServiceCollection();
        services.AddLogging();
        var catalog = new ModelCatalog([
            new ModelCard { Id = PolicyRouterId, InputPerMTok = 0, OutputPerMTok = 0, Description = "The routing policy, run in-process; it uses no tokens." },
            new ModelCard { Id = LocalRouterId, InputPerMTok = 0, OutputPerMTok = 0, Description = "A local ONNX router model; no API cost." },
            .. data.Catalog.Models,
        ]);
        var section = configuration.GetSection(XRouterOptions.SectionName);
        Func<IServiceProvider, IChatClient>? backbone = RoutesWithPolicy(settings, configuration)
            ? _ => new RoutingPolicyChatClient(policy, catalog, QueryResolver(data.Log))
            : null;

        if (!settings.Live)
        {
            RegisterReplayFleet(services, data);
        }

        services.AddXRouter(
            options =>
            {
                if (settings.Live)
                {
                    section.Bind(options);
                    AddOpenAIDefaults(options, data.Catalog);
                    if (options.Models.Count == 0)
                    {
                        throw new XRouterException(
                            "--live needs endpoints: set OPENAI_API_KEY, or XRouter:Models:<model>:Endpoint (with ApiKey or ApiKeyEnvironmentVariable) for each model, for example XRouter__Models__gpt-3.5-turbo-1106__Endpoint=http://localhost:4000/v1/ for a LiteLLM proxy.");
                    }
                }
                else
                {
                    foreach (string model in data.Log.SelectMany(e => e.Outcomes.Keys).Distinct(StringComparer.Ordinal))
                    {
                        options.Pool.Add(model);
                    }
                }

                if (options.Catalog is null && options.CatalogPath is null)
                {
                    options.Catalog = catalog;
                }

                options.DefaultCostPenalty = settings.Lambda;
                if (settings.LocalRouter is string folder)
                {
                    options.OnnxBackbone = new OnnxDecoderOptions { ModelPath = folder, ModelId = LocalRouterId };
                    options.RouterModelId = LocalRouterId;
                }
                else if (string.IsNullOrEmpty(options.RouterModelId))
                {
                    options.RouterModelId = PolicyRouterId;
                }
            },
            backbone);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>True unless a local ONNX router or (live) a configured backbone routes instead of the policy.</summary>
    public static bool RoutesWithPolicy(DemoSettings settings, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(XRouterOptions.SectionName);
        return settings.LocalRouter is null
            && !(settings.Live && (section.GetSection("Backbone").Exists() || section.GetSection("OnnxBackbone").Exists()));
    }

    // Replay clients report the cost the summary charges for each outcome, so the two always agree.
    private static void RegisterReplayFleet(ServiceCollection services, DemoData data)
    {
        var pricing = new OutcomePricing(data.Catalog);
        var priced = data.Log.Select(entry => entry with
        {
            Outcomes = entry.Outcomes.ToDictionary(o => o.Key, o => o.Value with { CostUsd = pricing.CostOf(entry.Id, o.Key, o.Value) }, StringComparer.Ordinal),
        });
        foreach (var (model, client) in new ReplayFleet(priced).CreateClients())
        {
            services.AddKeyedSingleton(model, client);
        }
    }

    // With only OPENAI_API_KEY set, the pool is the catalog's OpenAI models on api.openai.com.
    private static void AddOpenAIDefaults(XRouterOptions options, ModelCatalog catalog)
    {
        if (options.Models.Count > 0 || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OPENAI_API_KEY")))
        {
            return;
        }

        foreach (var card in catalog.Models.Where(c => c.Id.StartsWith("gpt-", StringComparison.Ordinal)))
        {
            options.Models[card.Id] = new ModelEndpointOptions { Endpoint = OpenAIEndpoint, ApiKeyEnvironmentVariable = "OPENAI_API_KEY" };
        }
    }

    private static Func<string, RoutingQuery> QueryResolver(IReadOnlyList<RoutingLogEntry> log)
    {
        var byPrompt = log.GroupBy(e => e.Prompt, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new RoutingQuery(g.First().Id, g.Key, g.First().Task), StringComparer.Ordinal);
        return prompt => byPrompt.TryGetValue(prompt, out var query) ? query : new RoutingQuery("live", prompt);
    }
}

using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.Policy.Catalog;
using XRouter.SemanticKernel.Options;
using XRouter.SemanticKernel.Services;
using XRouter.Testing;

namespace XRouter.SemanticKernel.Tests.TestSupport;

/// <summary>
/// A kernel with XRouter over real HTTP: downstream models are served by a loopback OpenAI-compatible server,
/// the router backbone is scripted.
/// </summary>
internal sealed class RouterHarness : IAsyncDisposable
{
    public const string RouterModel = "router-7b";

    public static readonly ModelCatalog Catalog = new([
        new ModelCard { Id = RouterModel, InputPerMTok = 0.10, OutputPerMTok = 0.40 },
        new ModelCard { Id = "model-a", Tier = ModelTier.Premium, InputPerMTok = 1.25, OutputPerMTok = 10.0, Description = "Strong at math and code." },
        new ModelCard { Id = "model-b.mini", Tier = ModelTier.Budget, InputPerMTok = 0.05, OutputPerMTok = 0.40 },
    ]);

    private RouterHarness(LoopbackOpenAIServer server, ScriptedBackbone backbone, Kernel kernel)
    {
        Server = server;
        Backbone = backbone;
        Kernel = kernel;
    }

    public LoopbackOpenAIServer Server { get; }

    public ScriptedBackbone Backbone { get; }

    public Kernel Kernel { get; }

    public XRouterChatCompletionService Router => (XRouterChatCompletionService)Kernel.GetRequiredService<IChatCompletionService>();

    /// <summary>Starts the harness; <paramref name="useScriptedBackbone"/> false leaves the backbone to <c>XRouter:Backbone</c>.</summary>
    public static async Task<RouterHarness> StartAsync(
        ScriptedBackbone backbone, Action<XRouterOptions>? configure = null, Action<IKernelBuilder>? kernel = null, bool useScriptedBackbone = true)
    {
        var server = await LoopbackOpenAIServer.StartAsync();
        var builder = Kernel.CreateBuilder();
        builder.AddXRouter(
            options =>
            {
                options.Catalog = Catalog;
                options.RouterModelId = RouterModel;
                foreach (string id in new[] { "model-a", "model-b.mini" })
                {
                    options.Models[id] = new ModelEndpointOptions { Endpoint = server.BaseUrl, ApiKey = "test-key", MaxRetries = 0 };
                }

                configure?.Invoke(options);
            },
            useScriptedBackbone ? _ => backbone : null);
        kernel?.Invoke(builder);
        return new RouterHarness(server, backbone, builder.Build());
    }

    /// <summary>A kernel whose pool models are served by in-process clients registered under their ids.</summary>
    public static Kernel KernelWithClients(IChatClient backbone, IReadOnlyDictionary<string, IChatClient> models)
    {
        var builder = Kernel.CreateBuilder();
        foreach (var (id, client) in models)
        {
            builder.Services.AddKeyedSingleton(id, client);
        }

        builder.AddXRouter(
            options =>
            {
                options.Catalog = Catalog;
                options.RouterModelId = RouterModel;
                foreach (string id in models.Keys)
                {
                    options.Pool.Add(id);
                }
            },
            _ => backbone);
        return builder.Build();
    }

    /// <summary>Routes one user query through the kernel's XRouter service.</summary>
    public static async Task<ChatMessageContent> AskAsync(Kernel kernel, string query, PromptExecutionSettings? settings = null)
    {
        var history = new ChatHistory();
        history.AddUserMessage(query);
        return await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history, settings, kernel);
    }

    public Task<ChatMessageContent> AskAsync(string query, PromptExecutionSettings? settings = null) => AskAsync(Kernel, query, settings);

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

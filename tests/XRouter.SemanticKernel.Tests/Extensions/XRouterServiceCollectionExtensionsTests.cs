using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.Policy.Catalog;
using XRouter.SemanticKernel.Options;
using XRouter.SemanticKernel.Services;
using XRouter.SemanticKernel.Settings;
using XRouter.SemanticKernel.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.SemanticKernel.Tests.Extensions;

public sealed class XRouterServiceCollectionExtensionsTests
{
    [Fact]
    public void Configuration_binds_the_XRouter_section_and_registers_both_service_shapes()
    {
        string catalog = WriteCatalog();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["XRouter:CatalogPath"] = catalog,
            ["XRouter:RouterModelId"] = RouterHarness.RouterModel,
            ["XRouter:MaxTurns"] = "2",
            ["XRouter:Models:model-a:Endpoint"] = "http://127.0.0.1:9/v1/",
        }).Build();
        var builder = Kernel.CreateBuilder();

        builder.AddXRouter(configuration, _ => new ScriptedBackbone(), serviceId: "router");
        var kernel = builder.Build();

        var service = kernel.GetRequiredService<IChatCompletionService>("router");
        Assert.IsType<XRouterChatCompletionService>(service);
        Assert.Same(service, kernel.Services.GetRequiredKeyedService<IChatClient>("router"));
        Assert.Equal(["model-a"], ((XRouterChatCompletionService)service).Pool.Select(m => m.Id));
    }

    [Theory]
    [InlineData("XRouter:MaxTurns", "0", "XRouter:MaxTurns is 0")]
    [InlineData("XRouter:Models:model-a:Endpoint", "ftp://host/", "XRouter:Models:model-a:Endpoint 'ftp://host/' must be an absolute http or https URL")]
    [InlineData("XRouter:RouterModelId", "", "XRouter:RouterModelId is required")]
    [InlineData("XRouter:CatalogPath", "/nope/catalog.json", "XRouter:CatalogPath '/nope/catalog.json' does not exist")]
    [InlineData("XRouter:DefaultMaxCostUsd", "-1", "XRouter:DefaultMaxCostUsd is -1")]
    [InlineData("XRouter:SharedBudgets:tenant-1", "-0.5", "XRouter:SharedBudgets:tenant-1 is -0.5")]
    [InlineData("XRouter:RouterMaxOutputTokens", "0", "XRouter:RouterMaxOutputTokens is 0")]
    [InlineData("XRouter:Backbone:Endpoint", "http://127.0.0.1:9/v1/", "XRouter:DirectAnswer is for the learned router; with XRouter:Backbone the router model answers directly itself")]
    public void Invalid_options_fail_at_start_up_naming_the_key(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["XRouter:CatalogPath"] = WriteCatalog(),
            ["XRouter:RouterModelId"] = RouterHarness.RouterModel,
            ["XRouter:Models:model-a:Endpoint"] = "http://127.0.0.1:9/v1/",
            [key] = value,
            ["XRouter:DirectAnswer:Endpoint"] = key.StartsWith("XRouter:Backbone", StringComparison.Ordinal) ? "http://127.0.0.1:9/v1/" : null,
        };
        var builder = Kernel.CreateBuilder();
        builder.AddXRouter(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), _ => new ScriptedBackbone());
        var kernel = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => kernel.GetRequiredService<IChatCompletionService>());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pool_model_without_a_price_fails_at_start_up()
    {
        var builder = Kernel.CreateBuilder();
        builder.AddXRouter(
            o =>
            {
                o.Catalog = RouterHarness.Catalog;
                o.RouterModelId = RouterHarness.RouterModel;
                o.Models["gpt-unpriced"] = new() { Endpoint = new Uri("http://127.0.0.1:9/v1/") };
            },
            _ => new ScriptedBackbone());

        var error = Assert.Throws<XRouterException>(() => builder.Build().GetRequiredService<IChatCompletionService>());

        Assert.Contains("'gpt-unpriced' has an endpoint but no price in the catalog", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pool_model_without_endpoint_or_client_fails_at_start_up()
    {
        var builder = Kernel.CreateBuilder();
        builder.AddXRouter(
            o =>
            {
                o.Catalog = RouterHarness.Catalog;
                o.RouterModelId = RouterHarness.RouterModel;
                o.Pool.Add("model-a");
            },
            _ => new ScriptedBackbone());

        var error = Assert.Throws<XRouterException>(() => builder.Build().GetRequiredService<IChatCompletionService>());

        Assert.Contains("set XRouter:Models:model-a:Endpoint or register an IChatClient keyed 'model-a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_keyed_IChatClient_serves_a_pool_model()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", "p")), ScriptedBackbone.Select("call_model_a"));
        var kernel = RouterHarness.KernelWithClients(backbone, new Dictionary<string, IChatClient> { ["model-a"] = new ScriptedBackbone(ScriptedBackbone.Text("from a keyed client")) });

        var reply = await RouterHarness.AskAsync(kernel, "q");

        Assert.Equal("from a keyed client", reply.Content);
    }

    [Fact]
    public async Task Without_a_configured_backbone_the_default_learned_policy_routes_to_a_pool_model()
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddKeyedSingleton<IChatClient>("model-b.mini", new ScriptedBackbone(ScriptedBackbone.Text("from the budget model")));
        builder.AddXRouter(o =>
        {
            o.Catalog = RouterHarness.Catalog;
            o.RouterModelId = RouterHarness.RouterModel;
            o.Pool.Add("model-b.mini");
        });

        var reply = await RouterHarness.AskAsync(builder.Build(), "What is 2 + 2?");

        Assert.Equal("from the budget model", reply.Content);
    }

    [Fact]
    public async Task With_a_direct_answer_endpoint_the_learned_router_answers_itself_through_the_router_model_under_the_application_s_system_message_streamed_and_priced_as_the_router()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync();
        server.Script(RouterHarness.RouterModel, new ScriptedReply("Hello! How can I help?", 30, 6) { ChunkDelay = TimeSpan.FromMilliseconds(150) });
        // The router model is far cheaper than the pool, so at a high lambda answering directly is the best value.
        var catalog = new ModelCatalog([
            new ModelCard { Id = RouterHarness.RouterModel, InputPerMTok = 0.01, OutputPerMTok = 0.02 },
            new ModelCard { Id = "model-a", InputPerMTok = 5, OutputPerMTok = 20 },
        ]);
        var builder = Kernel.CreateBuilder();
        builder.AddXRouter(o =>
        {
            o.Catalog = catalog;
            o.RouterModelId = RouterHarness.RouterModel;
            o.DirectAnswer = new ModelEndpointOptions { Endpoint = server.BaseUrl, MaxRetries = 0 };
            o.Models["model-a"] = new ModelEndpointOptions { Endpoint = server.BaseUrl, MaxRetries = 0 };
        });
        var kernel = builder.Build();
        var history = new ChatHistory();
        history.AddSystemMessage("Answer in French.");
        history.AddUserMessage("Hi there!");
        long? firstChunk = null;
        StreamingChatMessageContent? last = null;
        var text = new System.Text.StringBuilder();

        await foreach (var update in kernel.GetRequiredService<IChatCompletionService>().GetStreamingChatMessageContentsAsync(
            history, new XRouterPromptExecutionSettings { CostPenalty = 200 }, kernel))
        {
            if (!string.IsNullOrEmpty(update.Content))
            {
                firstChunk ??= System.Diagnostics.Stopwatch.GetTimestamp();
                text.Append(update.Content);
            }

            last = update;
        }

        var served = Assert.Single(server.ReceivedFor(RouterHarness.RouterModel));
        Assert.Empty(server.ReceivedFor("model-a"));
        Assert.Equal("Hello! How can I help?", text.ToString());
        Assert.True(firstChunk < served.FinishedTicks, "the direct answer must stream while the router model is still generating");
        Assert.Equal("direct", last!.Metadata![XRouterChatCompletionService.ModeKey]);
        Assert.Equal((30 * 0.01 + 6 * 0.02) / 1e6, (double)last.Metadata[XRouterChatCompletionService.RouterCostKey]!, 1e-15);
        Assert.Equal([("system", "Answer in French."), ("user", "Hi there!")], served.Messages);
    }

    [SharedAssetsFact]
    public async Task An_ONNX_model_folder_from_configuration_is_the_router_backbone()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["XRouter:CatalogPath"] = WriteCatalog(),
            ["XRouter:RouterModelId"] = RouterHarness.RouterModel,
            ["XRouter:Models:model-a:Endpoint"] = "http://127.0.0.1:9/v1/",
            ["XRouter:OnnxBackbone:ModelPath"] = SharedAssets.PathOf("models", "tiny-gpt2-fp32"),
        }).Build();
        var builder = Kernel.CreateBuilder();
        builder.AddXRouter(configuration);
        using var kernel = new KernelDisposer(builder.Build());
        var history = new ChatHistory();
        history.AddUserMessage("Hello world");

        // The fixture's 512-token context cannot hold the router prompt with its tools: reaching that check proves
        // the request was rendered in the chat format and tokenized by the configured ONNX backbone.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => kernel.Kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history, kernel: kernel.Kernel));

        Assert.Matches("^The prompt has [0-9]+ tokens; the generator holds at most 512 [(]context length 512[)][.]$", error.Message);
    }

    private sealed class KernelDisposer(Kernel kernel) : IDisposable
    {
        public Kernel Kernel { get; } = kernel;

        public void Dispose() => (Kernel.Services as IDisposable)?.Dispose();
    }

    private static string WriteCatalog()
    {
        string path = Path.Combine(Path.GetTempPath(), $"xrouter-catalog-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, CatalogJson.Serialize(RouterHarness.Catalog));
        return path;
    }
}

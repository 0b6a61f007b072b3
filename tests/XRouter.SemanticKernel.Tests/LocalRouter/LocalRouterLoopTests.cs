using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.Onnx;
using XRouter.SemanticKernel.Options;
using XRouter.SemanticKernel.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.SemanticKernel.Tests.LocalRouter;

/// <summary>
/// SK's function-calling loop driven by the local router: ONNX Runtime GenAI running the random-weight Qwen2
/// fixture with the tool grammar on, downstream models on the loopback OpenAI-compatible server. A random model
/// never writes a tool call by itself; the grammar makes its first turn a valid one.
/// </summary>
public sealed class LocalRouterLoopTests
{
    private static readonly string[] s_pool = ["model-a", "model-b.mini"];

    [SharedAssetsFact]
    public async Task TheLoopRunsAModelTheLocalRouterCalledAndEndsWithSelectOrTextWithRouterTokensPriced()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync();
        ScriptPool(server);
        var kernel = BuildKernel(server);

        var reply = await RouterHarness.AskAsync(kernel, "What is 17 * 23?");

        AssertRouted(reply, server);
    }

    [SharedAssetsFact]
    public async Task StreamingTheSameRequestRunsTheSameLoop()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync();
        ScriptPool(server);
        var kernel = BuildKernel(server);
        var history = new ChatHistory();
        history.AddUserMessage("What is 17 * 23?");

        var chunks = await kernel.GetRequiredService<IChatCompletionService>().GetStreamingChatMessageContentsAsync(history, kernel: kernel).ToListAsync();

        Assert.NotEmpty(string.Concat(chunks.Select(c => c.Content)));
        var final = chunks.Last(c => c.Metadata?.ContainsKey("xrouter.mode") == true);
        Assert.Contains((string)final.Metadata!["xrouter.mode"]!, new[] { "select", "synthesize" });
        Assert.True((double)final.Metadata["xrouter.router_cost_usd"]! > 0);
        Assert.NotEmpty(server.Received);
    }

    [SharedAssetsTheory]
    [InlineData("default")]
    [InlineData("xrouter")]
    public async Task AFullRouterPromptWithTwelveModelToolsFitsAndGeneratesInEitherProfile(string profile)
    {
        await using var server = await LoopbackOpenAIServer.StartAsync();
        // Models outside the published tool config: the twelve published descriptions alone render 8,663 tokens
        // with the xrouter profile, more than this fixture's 8,192-token context (the real 7B model has 32k).
        string[] models = [.. Enumerable.Range(1, 12).Select(i => $"model-{i:00}")];
        var builder = Kernel.CreateBuilder();
        builder.AddXRouter(
            options =>
            {
                options.Profile = profile;
                options.Catalog = new Policy.Catalog.ModelCatalog([
                    new Policy.Catalog.ModelCard { Id = "xrouter-7b", InputPerMTok = 0.04, OutputPerMTok = 0.10 },
                    .. models.Select((id, i) => new Policy.Catalog.ModelCard { Id = id, InputPerMTok = 0.05 * (i + 1), OutputPerMTok = 0.4 * (i + 1), Tier = Policy.Catalog.ModelTier.Standard, ContextWindow = 128_000, Description = "A general model for math, code and reasoning." })]);
                options.RouterModelId = "xrouter-7b";
                options.RouterMaxOutputTokens = 8;
                foreach (string id in models)
                {
                    options.Models[id] = new ModelEndpointOptions { Endpoint = server.BaseUrl, ApiKey = "test-key", MaxRetries = 0 };
                }
            },
            _ => new OnnxDecoderChatClient(new OnnxDecoderOptions { ModelPath = SharedAssets.PathOf("models", "qwen2-tiny-genai"), IntraOpThreads = 1 }));
        var kernel = builder.Build();

        var reply = await RouterHarness.AskAsync(kernel, "What is 17 * 23?");

        var router = Assert.Single(reply.Calls());
        Assert.Equal(("router", "succeeded", 8L), ((string)router["kind"]!, (string)router["status"]!, (long)router["output_tokens"]!));
        Assert.InRange((long)router["input_tokens"]!, 1500, 8191);
        Assert.Equal("direct", reply.Mode());
        Assert.Empty(server.Received);
    }

    private static void AssertRouted(ChatMessageContent reply, LoopbackOpenAIServer server)
    {
        var downstream = Assert.Single(reply.DownstreamCalls());
        Assert.Contains((string)downstream["model"]!, s_pool);
        Assert.Equal("succeeded", (string)downstream["status"]!);
        Assert.Single(server.Received);
        Assert.Contains(reply.Mode(), new[] { "select", "synthesize" });
        var routerCalls = reply.Calls().Where(c => (string)c["kind"]! == "router").ToList();
        Assert.InRange(routerCalls.Count, 2, 3);
        Assert.All(routerCalls, c => Assert.True((long)c["input_tokens"]! > 500 && (double)c["cost_usd"]! > 0));
        Assert.True(reply.RouterCost() > 0);
        Assert.NotEmpty(reply.Content!);
    }

    private static void ScriptPool(LoopbackOpenAIServer server)
    {
        foreach (string model in s_pool)
        {
            server.Script(model, new ScriptedReply($"391 ({model})", 40, 6));
        }
    }

    private static Kernel BuildKernel(LoopbackOpenAIServer server)
    {
        var builder = Kernel.CreateBuilder();
        builder.AddXRouter(
            options =>
            {
                options.Catalog = RouterHarness.Catalog;
                options.RouterModelId = RouterHarness.RouterModel;
                options.RouterMaxOutputTokens = 48;
                foreach (string id in s_pool)
                {
                    options.Models[id] = new ModelEndpointOptions { Endpoint = server.BaseUrl, ApiKey = "test-key", MaxRetries = 0 };
                }
            },
            _ => new FirstTurnCallsAModel(new OnnxDecoderChatClient(new OnnxDecoderOptions
            {
                ModelPath = SharedAssets.PathOf("models", "qwen2-tiny-genai"),
                IntraOpThreads = 1,
                ConstrainToolCalls = true,
                MaxToolArgumentLength = 24,
            })));
        return builder.Build();
    }

    /// <summary>Requires a tool call while no model has answered yet; later turns are free to write text.</summary>
    private sealed class FirstTurnCallsAModel(IChatClient inner) : DelegatingChatClient(inner)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            base.GetResponseAsync(messages, Adjust(messages, options), cancellationToken);

        public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            base.GetStreamingResponseAsync(messages, Adjust(messages, options), cancellationToken);

        private static ChatOptions? Adjust(IEnumerable<ChatMessage> messages, ChatOptions? options)
        {
            if (options is null || messages.Any(m => m.Contents.OfType<Microsoft.Extensions.AI.FunctionResultContent>().Any()))
            {
                return options;
            }

            var required = options.Clone();
            required.ToolMode = ChatToolMode.RequireAny;
            return required;
        }
    }
}

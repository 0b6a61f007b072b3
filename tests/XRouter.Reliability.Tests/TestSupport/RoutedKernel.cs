using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;
using OpenAI;
using XRouter.Policy.Catalog;
using XRouter.SemanticKernel.Services;
using XRouter.Testing;

namespace XRouter.Reliability.Tests.TestSupport;

/// <summary>
/// The XRouter service over real HTTP for the reliability tests: pool models are OpenAI clients pointed at the loopback
/// server, each wrapped as the test asks (cache, resilience), and the router is a one-step backbone that calls one
/// model and selects its reply.
/// </summary>
internal static class RoutedKernel
{
    public const string RouterModel = "router-7b";
    public const string Model = "model-a";

    // model-a discounts cached input tokens: $1.25 in, $0.125 cached, $10 out per 1M.
    public static readonly ModelCatalog Catalog = new([
        new ModelCard { Id = RouterModel, InputPerMTok = 0.10, OutputPerMTok = 0.40 },
        new ModelCard { Id = Model, Tier = ModelTier.Premium, InputPerMTok = 1.25, CachedInputPerMTok = 0.125, OutputPerMTok = 10.0 },
    ]);

    public static IChatClient DownstreamClient(LoopbackOpenAIServer server, string model = Model) =>
        new OpenAIClient(new System.ClientModel.ApiKeyCredential("sk-test-secret-key"), new OpenAIClientOptions { Endpoint = server.BaseUrl, NetworkTimeout = TimeSpan.FromSeconds(30), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0) })
            .GetChatClient(model).AsIChatClient();

    /// <summary>The XRouter service as an <see cref="IChatClient"/>, with <paramref name="downstream"/> serving <see cref="Model"/>.</summary>
    public static IChatClient Router(IChatClient downstream)
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddKeyedSingleton(Model, downstream);
        builder.AddXRouter(
            options =>
            {
                options.Catalog = Catalog;
                options.RouterModelId = RouterModel;
                options.Pool.Add(Model);
            },
            _ => new OneCallBackbone());
        return (IChatClient)builder.Build().GetRequiredService<XRouterChatCompletionService>();
    }

    /// <summary>Turn 1 calls <see cref="Model"/> at temperature 0; turn 2 selects its reply. 1000 in / 50 out tokens per turn.</summary>
    private sealed class OneCallBackbone : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            bool called = messages.Any(m => m.Role == ChatRole.Tool);
            AIContent content = called
                ? new FunctionCallContent("c2", "select_response", new Dictionary<string, object?> { ["model_call_name"] = "call_model_a" })
                : new FunctionCallContent("c1", "call_model_a", new Dictionary<string, object?> { ["optimized_system_prompt"] = "Answer briefly.", ["temperature"] = 0.0 });
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [content]))
            {
                Usage = new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 50 },
            });
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}

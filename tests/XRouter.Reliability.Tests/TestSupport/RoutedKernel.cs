using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;
using FunctionResultContent = Microsoft.Extensions.AI.FunctionResultContent;
using TextContent = Microsoft.Extensions.AI.TextContent;
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
    public const string Fallback = "model-b";

    // model-a discounts cached input tokens: $1.25 in, $0.125 cached, $10 out per 1M. model-b is cheap, its window just holds the 4096-token output cap and a short query.
    public static readonly ModelCatalog Catalog = new([
        new ModelCard { Id = RouterModel, InputPerMTok = 0.10, OutputPerMTok = 0.40 },
        new ModelCard { Id = Model, Tier = ModelTier.Premium, InputPerMTok = 1.25, CachedInputPerMTok = 0.125, OutputPerMTok = 10.0, ContextWindow = 128_000 },
        new ModelCard { Id = Fallback, Tier = ModelTier.Budget, InputPerMTok = 0.05, OutputPerMTok = 0.40, ContextWindow = 4200 },
    ]);

    public static IChatClient DownstreamClient(LoopbackOpenAIServer server, string model = Model) =>
        new OpenAIClient(new System.ClientModel.ApiKeyCredential("sk-test-secret-key"), new OpenAIClientOptions { Endpoint = server.BaseUrl, NetworkTimeout = TimeSpan.FromSeconds(30), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0) })
            .GetChatClient(model).AsIChatClient();

    /// <summary>The XRouter service as an <see cref="IChatClient"/>, with <paramref name="downstream"/> serving <see cref="Model"/>.</summary>
    public static IChatClient Router(IChatClient downstream) => Router(new Dictionary<string, IChatClient> { [Model] = downstream });

    /// <summary>
    /// The XRouter service as an <see cref="IChatClient"/> over <paramref name="downstream"/> (by model id); its router
    /// calls the models in that order, moving to the next when a call fails or is refused, and selects the first reply.
    /// </summary>
    public static IChatClient Router(IReadOnlyDictionary<string, IChatClient> downstream, Action<IServiceCollection>? services = null)
    {
        var builder = Kernel.CreateBuilder();
        services?.Invoke(builder.Services);
        foreach (var (id, client) in downstream)
        {
            builder.Services.AddKeyedSingleton(id, client);
        }

        builder.AddXRouter(
            options =>
            {
                options.Catalog = Catalog;
                options.RouterModelId = RouterModel;
                foreach (string id in downstream.Keys)
                {
                    options.Pool.Add(id);
                }
            },
            _ => new FallbackBackbone([.. downstream.Keys]));
        return (IChatClient)builder.Build().GetRequiredService<XRouterChatCompletionService>();
    }

    /// <summary>
    /// Calls the models in order at temperature 0, the next one after each tool result that reports an error or a
    /// refusal, and selects the first successful reply. 1000 in / 50 out tokens per turn.
    /// </summary>
    private sealed class FallbackBackbone(string[] models) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var results = messages.Where(m => m.Role == ChatRole.Tool).SelectMany(m => m.Contents.OfType<FunctionResultContent>()).ToList();
            bool lastFailed = results.Count > 0 && results[^1].Result?.ToString() is string text && (text.StartsWith("Error:", StringComparison.Ordinal) || text.StartsWith("Refused:", StringComparison.Ordinal));
            AIContent content = results.Count > 0 && !lastFailed
                ? new FunctionCallContent($"c{results.Count}", "select_response", new Dictionary<string, object?> { ["model_call_name"] = Tool(models[results.Count - 1]) })
                : results.Count < models.Length
                    ? new FunctionCallContent($"c{results.Count}", Tool(models[results.Count]), new Dictionary<string, object?> { ["optimized_system_prompt"] = "Answer briefly.", ["temperature"] = 0.0 })
                    : new TextContent("No model could answer.");
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [content]))
            {
                Usage = new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 50 },
            });
        }

        private static string Tool(string model) => "call_" + model.Replace('-', '_');

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

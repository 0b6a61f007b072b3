using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using XRouter.SemanticKernel.Options;

namespace XRouter.SemanticKernel.Pool;

/// <summary>
/// Builds an <see cref="IChatClient"/> for an OpenAI-compatible endpoint on the OpenAI .NET client that SK's
/// OpenAI connector is built on, with the endpoint's own timeout and retry policy (429, 5xx and network errors).
/// </summary>
/// <remarks>
/// The connector's <c>OpenAIChatCompletionService(...).AsChatClient()</c> drops the response's token usage
/// (checked with SK 1.82 against the loopback server), and every call must be priced from its usage, so the
/// client is the OpenAI client's own <see cref="IChatClient"/>, the same one SK's <c>AddOpenAIChatClient</c> registers.
/// </remarks>
internal static class OpenAICompatibleClientFactory
{
    // Local servers (vLLM, SGLang, a LiteLLM proxy without auth) take any key, but the client requires one.
    private const string NoKey = "no-key";

    public static IChatClient Create(string modelId, ModelEndpointOptions endpoint)
    {
        string apiKey = endpoint.ApiKey
            ?? (endpoint.ApiKeyEnvironmentVariable is { Length: > 0 } variable ? Environment.GetEnvironmentVariable(variable) : null)
            ?? NoKey;
        var client = new OpenAIClient(new ApiKeyCredential(apiKey), new OpenAIClientOptions
        {
            Endpoint = endpoint.Endpoint ?? throw new XRouterException($"Model '{modelId}' has no endpoint."),
            NetworkTimeout = endpoint.Timeout,
            RetryPolicy = new ClientRetryPolicy(endpoint.MaxRetries),
        });
        return client.GetChatClient(endpoint.ModelName ?? modelId).AsIChatClient();
    }
}

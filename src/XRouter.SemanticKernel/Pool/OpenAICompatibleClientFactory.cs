using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using XRouter.SemanticKernel.Options;

namespace XRouter.SemanticKernel.Pool;

/// <summary>
/// Builds an <see cref="IChatClient"/> for an OpenAI-compatible endpoint on the OpenAI .NET client that SK's
/// OpenAI connector uses, with the endpoint's own timeout and retry policy (429, 5xx and network errors).
/// </summary>
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

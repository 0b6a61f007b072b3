using System.ClientModel;
using System.CommandLine;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Embeddings;

namespace XRouter.Cli.Commands;

/// <summary>
/// <c>--embeddings URL --embedding-model NAME</c> of <c>xrouter train</c> and <c>xrouter eval</c>: an OpenAI-compatible
/// embeddings endpoint (OpenAI, vLLM, Ollama, a LiteLLM proxy) whose query embeddings a learned policy reads beside
/// its built-in text features. The key comes from <see cref="ApiKeyVariable"/>, never from the command line.
/// </summary>
internal static class EmbeddingEndpoint
{
    public const string ApiKeyVariable = "XROUTER_EMBEDDINGS_API_KEY";

    // Local servers take any key, but the client requires one.
    private const string NoKey = "no-key";

    public static Option<string?> UrlOption() => new("--embeddings")
    {
        Description = $"An OpenAI-compatible base URL (e.g. http://localhost:8000/v1/) whose query embeddings the learned policy reads; key from {ApiKeyVariable}.",
    };

    public static Option<string?> ModelOption() => new("--embedding-model") { Description = "The embedding model served at --embeddings." };

    /// <summary>The generator the options name, or null when neither is given.</summary>
    /// <exception cref="ArgumentException">Only one of the two options is given, or the URL is not absolute.</exception>
    public static IEmbeddingGenerator<string, Embedding<float>>? Create(string? url, string? model)
    {
        if (url is null)
        {
            return model is null ? null : throw new ArgumentException("--embedding-model needs --embeddings URL.");
        }

        if (model is null)
        {
            throw new ArgumentException("--embeddings needs --embedding-model NAME.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint))
        {
            throw new ArgumentException($"--embeddings '{url}' is not an absolute URL.");
        }

        string key = Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } value ? value : NoKey;
        return new EmbeddingClient(model, new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = endpoint }).AsIEmbeddingGenerator();
    }
}

namespace XRouter.SemanticKernel.Options;

/// <summary>How to reach one downstream model over an OpenAI-compatible API.</summary>
public sealed class ModelEndpointOptions
{
    /// <summary>The API base URL, for example <c>https://api.openai.com/v1/</c> or a local vLLM or LiteLLM proxy.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The model name the endpoint expects; defaults to the catalog id.</summary>
    public string? ModelName { get; set; }

    /// <summary>The API key. Prefer <see cref="ApiKeyEnvironmentVariable"/> or a secret store over plain configuration files.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The environment variable that holds the API key, read at start-up.</summary>
    public string? ApiKeyEnvironmentVariable { get; set; }

    /// <summary>How long one call may take before it fails (default 100 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Retries of a failed call (429, 5xx, network) before it fails (default 2).</summary>
    public int MaxRetries { get; set; } = 2;
}

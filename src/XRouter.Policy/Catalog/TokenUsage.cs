namespace XRouter.Policy.Catalog;

/// <summary>Token counts of one model call, as its provider reported them.</summary>
public readonly record struct TokenUsage
{
    /// <summary>Creates usage and checks that the counts are consistent.</summary>
    /// <param name="inputTokens">All input tokens, cached ones included.</param>
    /// <param name="outputTokens">Output tokens.</param>
    /// <param name="cachedInputTokens">The part of <paramref name="inputTokens"/> served from the provider's prompt cache.</param>
    public TokenUsage(long inputTokens, long outputTokens, long cachedInputTokens = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(outputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(cachedInputTokens);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cachedInputTokens, inputTokens);
        InputTokens = inputTokens;
        OutputTokens = outputTokens;
        CachedInputTokens = cachedInputTokens;
    }

    /// <summary>All input tokens, cached ones included.</summary>
    public long InputTokens { get; }

    /// <summary>Output tokens.</summary>
    public long OutputTokens { get; }

    /// <summary>The part of <see cref="InputTokens"/> served from the provider's prompt cache.</summary>
    public long CachedInputTokens { get; }
}

namespace XRouter.Reliability.Caching;

/// <summary>Settings of <see cref="ResponseCachingChatClient"/>.</summary>
public sealed class ResponseCacheOptions
{
    /// <summary>How long a cached reply is served. Default one hour.</summary>
    public TimeSpan Expiration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The prefix of every cache key.</summary>
    public string KeyPrefix { get; set; } = "xrouter:response:";

    /// <summary>
    /// Also cache replies sampled at a temperature other than 0 (or with no temperature set). Off by default: such a
    /// reply is one draw of many, and replaying it would hide the model's variance from the router.
    /// </summary>
    public bool CacheNonDeterministic { get; set; }

    /// <summary>
    /// Put the request's text into cache keys instead of its SHA-256 hash, for debugging. Off by default, so a shared
    /// cache never holds raw prompts in its key space.
    /// </summary>
    public bool RawPromptsInKeys { get; set; }

    internal void Validate()
    {
        if (Expiration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The response cache's Expiration is {Expiration}; it must be positive.");
        }

        ArgumentException.ThrowIfNullOrEmpty(KeyPrefix);
    }
}

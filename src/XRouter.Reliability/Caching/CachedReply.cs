namespace XRouter.Reliability.Caching;

/// <summary>What the response cache keeps of a downstream reply: its text and the usage it was billed for.</summary>
internal sealed record CachedReply(string Text, string? ModelId, long InputTokens, long CachedInputTokens, long OutputTokens, long ReasoningTokens);

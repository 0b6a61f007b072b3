using XRouter.SemanticKernel.Ledger;

namespace XRouter.Reliability.Ledger;

/// <summary>One priced call of a request as the durable ledger keeps it.</summary>
public sealed record LedgerCall
{
    /// <summary>The catalog id of the model called.</summary>
    public required string Model { get; init; }

    /// <summary>Whether the router or a downstream model was called.</summary>
    public required CallKind Kind { get; init; }

    /// <summary>How the call ended.</summary>
    public required CallStatus Status { get; init; }

    /// <summary>All input tokens, cached ones included.</summary>
    public long InputTokens { get; init; }

    /// <summary>The part of <see cref="InputTokens"/> the provider served from its prompt cache.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Output tokens, reasoning tokens included.</summary>
    public long OutputTokens { get; init; }

    /// <summary>The part of <see cref="OutputTokens"/> the provider reported as reasoning.</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>What the call was billed, in USD (zero for a response-cache hit).</summary>
    public double CostUsd { get; init; }

    /// <summary>What a response-cache hit saved: the cost of the call it replayed, in USD.</summary>
    public double SavedUsd { get; init; }

    /// <summary>True when the reply came from the response cache.</summary>
    public bool CacheHit { get; init; }

    /// <summary>True when usage was missing and estimated from text.</summary>
    public bool UsageEstimated { get; init; }

    /// <summary>Wall time of the call in milliseconds.</summary>
    public double LatencyMs { get; init; }

    /// <summary>Why the call failed or was refused.</summary>
    public string? Error { get; init; }

    /// <summary>The model's reply text, kept for the routing-log export when prompts are recorded.</summary>
    public string? Response { get; init; }
}

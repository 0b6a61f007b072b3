namespace XRouter.Reliability.Ledger;

/// <summary>Spend of one key on one model on one UTC day, summed over the ledger's calls.</summary>
public sealed record LedgerSummaryRow
{
    /// <summary>The key the calls were billed to (empty when unknown).</summary>
    public required string KeyId { get; init; }

    /// <summary>The model called.</summary>
    public required string Model { get; init; }

    /// <summary>The UTC day.</summary>
    public required DateOnly Day { get; init; }

    /// <summary>Distinct requests that called the model.</summary>
    public long Requests { get; init; }

    /// <summary>Calls made (failed and refused ones included).</summary>
    public long Calls { get; init; }

    /// <summary>Input tokens, cached ones included.</summary>
    public long InputTokens { get; init; }

    /// <summary>Cached input tokens.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Output tokens, reasoning included.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Reasoning tokens.</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>Billed USD.</summary>
    public double CostUsd { get; init; }

    /// <summary>USD saved by response-cache hits.</summary>
    public double SavedUsd { get; init; }
}

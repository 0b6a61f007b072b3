namespace XRouter.SemanticKernel.Ledger;

/// <summary>One priced call of a routed request, as recorded when it happened.</summary>
public sealed record CallRecord
{
    /// <summary>The catalog id of the model called.</summary>
    public required string Model { get; init; }

    /// <summary>Whether the router or a downstream model was called.</summary>
    public required CallKind Kind { get; init; }

    /// <summary>Input tokens, from the provider's usage (or estimated, see <see cref="UsageEstimated"/>).</summary>
    public long InputTokens { get; init; }

    /// <summary>Output tokens, from the provider's usage (or estimated, see <see cref="UsageEstimated"/>).</summary>
    public long OutputTokens { get; init; }

    /// <summary>The part of <see cref="InputTokens"/> the provider served from its prompt cache (priced at the catalog's cached rate).</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>The part of <see cref="OutputTokens"/> the provider reported as reasoning (priced as output).</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>True when the reply came from the response cache, so the call cost nothing.</summary>
    public bool CacheHit { get; init; }

    /// <summary>What a response-cache hit saved: the cost of the original call, in USD.</summary>
    public double SavedUsd { get; init; }

    /// <summary>Tokens times the catalog's prices, in USD.</summary>
    public double CostUsd { get; init; }

    /// <summary>Wall time of the call in milliseconds.</summary>
    public double LatencyMs { get; init; }

    /// <summary>How the call ended.</summary>
    public required CallStatus Status { get; init; }

    /// <summary>True when usage was missing and estimated from text.</summary>
    public bool UsageEstimated { get; init; }

    /// <summary>Why the call failed or was refused.</summary>
    public string? Error { get; init; }

    /// <summary>The output-token cap sent with the call, when the budget set one.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>True when <see cref="MaxOutputTokens"/> was lowered below the configured cap to fit the remaining budget.</summary>
    public bool MaxOutputTokensLowered { get; init; }

    /// <summary>The worst case reserved against the budget before the call, when a limit applied.</summary>
    public double? ReservedUsd { get; init; }

    /// <summary>True when the provider billed more than was reserved (it reported more tokens than the bound assumed).</summary>
    public bool UsageExceededReservation { get; init; }

    /// <summary><see cref="Kind"/> as metadata and telemetry name it.</summary>
    internal string KindName => Kind == CallKind.Router ? "router" : "downstream";

    /// <summary><see cref="Status"/> as metadata and telemetry name it.</summary>
    internal string StatusName => Status switch
    {
        CallStatus.Succeeded => "succeeded",
        CallStatus.Failed => "failed",
        CallStatus.Refused => "refused",
        _ => Status.ToString().ToLowerInvariant(),
    };

    /// <summary>A flat, JSON-friendly view for message metadata, read from the record on access rather than copied.</summary>
    public IReadOnlyDictionary<string, object?> ToMetadata() => new CallRecordMetadata(this);
}

using System.Text.Json.Serialization;

namespace XRouter.Policy.Data;

/// <summary>What one model answered to one query of a routing log, whether it was right, and what it cost.</summary>
public sealed record ModelOutcome
{
    /// <summary>The answer's score in [0, 1]; 1 means correct.</summary>
    [JsonPropertyName("score")]
    public required double Score { get; init; }

    /// <summary>The model's reply text, when recorded.</summary>
    [JsonPropertyName("response")]
    public string? Response { get; init; }

    /// <summary>Input tokens, when recorded.</summary>
    [JsonPropertyName("input_tokens")]
    public long? InputTokens { get; init; }

    /// <summary>Output tokens, when recorded.</summary>
    [JsonPropertyName("output_tokens")]
    public long? OutputTokens { get; init; }

    /// <summary>What the call cost in USD, when recorded; otherwise tokens times the catalog's prices.</summary>
    [JsonPropertyName("cost_usd")]
    public double? CostUsd { get; init; }

    /// <summary>How long the call took in milliseconds, when recorded.</summary>
    [JsonPropertyName("latency_ms")]
    public double? LatencyMs { get; init; }
}

using System.Text.Json.Serialization;

namespace XRouter.Policy.Data;

/// <summary>One query of a routing log: the prompt and what each model of the pool did with it.</summary>
public sealed record RoutingLogEntry
{
    /// <summary>A stable id, unique within the log (for example <c>gsm8k/0001</c>).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The task family (for example <c>gsm8k</c>), when known.</summary>
    [JsonPropertyName("task")]
    public string? Task { get; init; }

    /// <summary>The user query, as it was sent to the models.</summary>
    [JsonPropertyName("prompt")]
    public required string Prompt { get; init; }

    /// <summary>The reference answer, when known.</summary>
    [JsonPropertyName("reference")]
    public string? Reference { get; init; }

    /// <summary>The recorded outcome per model id; a model missing here is unknown for this query, not wrong.</summary>
    [JsonPropertyName("outcomes")]
    public required IReadOnlyDictionary<string, ModelOutcome> Outcomes { get; init; }
}

namespace XRouter.Policy.Evaluation;

/// <summary>What one policy did with one query, and how it scored. Every runner produces these, so paths compare.</summary>
/// <param name="QueryId">The routing-log entry id.</param>
/// <param name="Task">The entry's task family, when known.</param>
/// <param name="Policy">The policy's name.</param>
/// <param name="Lambda">The cost penalty the policy ran with.</param>
/// <param name="Score">The final answer's score in [0, 1].</param>
/// <param name="CostUsd">What every model call of the query cost together.</param>
/// <param name="ModelsCalled">The models called, in call order (a model called twice appears twice).</param>
/// <param name="FinalModel">The model whose reply was the answer (for a direct answer, the direct-answer model), or null for the router's own text or a synthesis.</param>
/// <param name="Decision">How the query ended.</param>
/// <param name="LatencyMs">The query's latency from recorded <c>latency_ms</c> (calls made together count as the slowest), or null when not recorded.</param>
public sealed record QueryResult(
    string QueryId,
    string? Task,
    string Policy,
    double Lambda,
    double Score,
    double CostUsd,
    IReadOnlyList<string> ModelsCalled,
    string? FinalModel,
    DecisionKind Decision,
    double? LatencyMs = null)
{
    /// <summary>Which draw of a randomized policy this result belongs to (0 for other policies).</summary>
    public int Draw { get; init; }
}

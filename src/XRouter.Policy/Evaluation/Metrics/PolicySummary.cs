namespace XRouter.Policy.Evaluation.Metrics;

/// <summary>The metrics of one policy at one cost penalty over a set of queries.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Lambda">The cost penalty, or null for a policy that ignores it.</param>
/// <param name="Queries">How many queries were routed.</param>
/// <param name="Accuracy">The mean score.</param>
/// <param name="SuccessRate">The share of queries whose score reached the success threshold.</param>
/// <param name="MeanCostUsd">The mean cost per query in USD.</param>
/// <param name="TotalCostUsd">The total cost in USD.</param>
/// <param name="CostUtility">Accuracy divided by mean cost, or null when the mean cost is 0.</param>
/// <param name="Decisions">How many queries ended each way.</param>
public sealed record PolicySummary(
    string Policy,
    double? Lambda,
    int Queries,
    double Accuracy,
    double SuccessRate,
    double MeanCostUsd,
    double TotalCostUsd,
    double? CostUtility,
    IReadOnlyDictionary<DecisionKind, int> Decisions)
{
    /// <summary>The share of queries that called the strong model, when a strong model was named.</summary>
    public double? StrongShare { get; init; }

    /// <summary>The mean latency per query in ms, when every query's latency is recorded.</summary>
    public double? MeanLatencyMs { get; init; }

    /// <summary>The 95th percentile of latency per query in ms, when every query's latency is recorded.</summary>
    public double? P95LatencyMs { get; init; }

    /// <summary>The bootstrap 95% interval of <see cref="Accuracy"/>, when bootstrapped.</summary>
    public ConfidenceInterval? AccuracyInterval { get; init; }

    /// <summary>The bootstrap 95% interval of <see cref="MeanCostUsd"/>, when bootstrapped.</summary>
    public ConfidenceInterval? MeanCostInterval { get; init; }

    /// <summary>Summarizes query results.</summary>
    /// <param name="policy">The policy's name.</param>
    /// <param name="lambda">The cost penalty, or null for a policy that ignores it.</param>
    /// <param name="results">The results, at least one; for a randomized policy every draw's results together.</param>
    /// <param name="successThreshold">The score at or above which an answer succeeds.</param>
    /// <param name="draws">How many draws <paramref name="results"/> hold: figures are means over draws. Default 1.</param>
    public static PolicySummary Of(string policy, double? lambda, IReadOnlyCollection<QueryResult> results, double successThreshold, int draws = 1)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentOutOfRangeException.ThrowIfZero(results.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        int queries = results.Count / draws;
        double mean = results.Average(r => r.CostUsd);
        double accuracy = results.Average(r => r.Score);
        var decisions = Enum.GetValues<DecisionKind>().ToDictionary(k => k, k => (int)Math.Round(results.Count(r => r.Decision == k) / (double)draws));
        var latencies = results.All(r => r.LatencyMs is not null) ? results.Select(r => r.LatencyMs!.Value).Order().ToArray() : null;
        return new PolicySummary(
            policy,
            lambda,
            queries,
            accuracy,
            results.Count(r => r.Score >= successThreshold) / (double)results.Count,
            mean,
            mean * queries,
            mean > 0 ? accuracy / mean : null,
            decisions)
        {
            MeanLatencyMs = latencies?.Average(),
            P95LatencyMs = latencies is null ? null : latencies[(int)Math.Ceiling(0.95 * latencies.Length) - 1],
        };
    }
}

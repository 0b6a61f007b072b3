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
    /// <summary>Summarizes query results.</summary>
    /// <param name="policy">The policy's name.</param>
    /// <param name="lambda">The cost penalty, or null for a policy that ignores it.</param>
    /// <param name="results">The results, at least one.</param>
    /// <param name="successThreshold">The score at or above which an answer succeeds.</param>
    public static PolicySummary Of(string policy, double? lambda, IReadOnlyCollection<QueryResult> results, double successThreshold)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentOutOfRangeException.ThrowIfZero(results.Count);
        double total = results.Sum(r => r.CostUsd);
        double mean = total / results.Count;
        double accuracy = results.Average(r => r.Score);
        var decisions = Enum.GetValues<DecisionKind>().ToDictionary(k => k, k => results.Count(r => r.Decision == k));
        return new PolicySummary(
            policy,
            lambda,
            results.Count,
            accuracy,
            results.Count(r => r.Score >= successThreshold) / (double)results.Count,
            mean,
            total,
            mean > 0 ? accuracy / mean : null,
            decisions);
    }
}

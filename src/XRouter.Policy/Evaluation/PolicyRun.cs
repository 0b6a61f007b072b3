using XRouter.Policy.Evaluation.Metrics;

namespace XRouter.Policy.Evaluation;

/// <summary>One policy run at one cost penalty over every evaluated query.</summary>
/// <param name="Summary">Its metrics over all queries.</param>
/// <param name="Results">Its per-query results, in dataset order.</param>
public sealed record PolicyRun(PolicySummary Summary, IReadOnlyList<QueryResult> Results);

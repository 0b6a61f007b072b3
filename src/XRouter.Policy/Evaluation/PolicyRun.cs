using XRouter.Policy.Evaluation.Metrics;

namespace XRouter.Policy.Evaluation;

/// <summary>One policy run at one cost penalty over every evaluated query.</summary>
/// <param name="Summary">Its metrics over all queries (means over draws for a randomized policy).</param>
/// <param name="Results">Its per-query results in dataset order, draw after draw for a randomized policy.</param>
/// <param name="Draws">How many draws <paramref name="Results"/> hold.</param>
public sealed record PolicyRun(PolicySummary Summary, IReadOnlyList<QueryResult> Results, int Draws = 1);

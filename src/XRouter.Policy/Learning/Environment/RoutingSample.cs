using XRouter.Policy.Learning.Features;

namespace XRouter.Policy.Learning.Environment;

/// <summary>One training query with everything an episode needs, per model of the training pool (pool order).</summary>
/// <param name="Id">The query id.</param>
/// <param name="Task">The task family, when known.</param>
/// <param name="Features">The query's feature vector.</param>
/// <param name="P">Estimated success probabilities (cross-fitted: the estimator never saw this query).</param>
/// <param name="EstimatedCost">Estimated call cost at the training prices, as the policy would estimate it.</param>
/// <param name="Cost">The recorded (or catalog-priced) call cost at the training prices.</param>
/// <param name="Score">The recorded score.</param>
/// <param name="Answer">The answer parsed from the recorded reply, or null.</param>
/// <param name="AnswerRate">Each model's training share of replies with a comparable answer, for the query's task.</param>
internal sealed record RoutingSample(
    string Id, string? Task, SparseVector Features, double[] P, double[] EstimatedCost, double[] Cost, double[] Score, string?[] Answer, double[] AnswerRate);

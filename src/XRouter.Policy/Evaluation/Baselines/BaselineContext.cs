namespace XRouter.Policy.Evaluation.Baselines;

/// <summary>What baseline policies are built from.</summary>
/// <param name="Evaluated">The evaluated queries (only the oracle reads their outcomes).</param>
/// <param name="Pool">The evaluated pool and its pricing.</param>
/// <param name="Train">Statistics of the <c>--train</c> queries, or null when there are none.</param>
/// <param name="Seed">The first seed of the random baseline.</param>
/// <param name="SuccessThreshold">The score at or above which an answer succeeds (the oracle's choice).</param>
/// <param name="RandomDraws">How many seeds the random baseline is averaged over.</param>
public sealed record BaselineContext(
    EvaluationDataset Evaluated, EvaluationPool Pool, PoolStatistics? Train, long Seed = 0, double SuccessThreshold = 1.0, int RandomDraws = 10);

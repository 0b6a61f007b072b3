namespace XRouter.Policy.Reward;

/// <summary>
/// The success-gated, cost-shaped reward of xRouter: <c>score * (K - min(lambda * cost, cost_max))</c>, where a
/// score below <see cref="SuccessThreshold"/> counts as 0. A wrong answer earns nothing however cheap it was; a
/// right one earns more the cheaper it was, and a graded one in proportion to its score.
/// </summary>
public sealed record CostShapedReward
{
    /// <summary>The reward of a free, correct answer (K). Default 1.</summary>
    public double MaxReward { get; init; } = 1.0;

    /// <summary>The cost penalty per USD (lambda). Default 1.</summary>
    public double Lambda { get; init; } = 1.0;

    /// <summary>The largest penalty a costly answer can incur (cost_max). Default 0.6.</summary>
    public double MaxPenalty { get; init; } = 0.6;

    /// <summary>The score at or above which an answer counts as a success (and earns its score). Default 1.</summary>
    public double SuccessThreshold { get; init; } = 1.0;

    /// <summary>The reward of one answer.</summary>
    /// <param name="score">The answer's score in [0, 1].</param>
    /// <param name="costUsd">What the whole routed request cost, router included.</param>
    public double Evaluate(double score, double costUsd)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(costUsd, 0);
        double gated = score >= SuccessThreshold ? score : 0.0;
        return gated * (MaxReward - Math.Min(Lambda * costUsd, MaxPenalty));
    }
}

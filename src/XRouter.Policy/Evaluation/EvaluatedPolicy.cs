using XRouter.Policy.Routing;

namespace XRouter.Policy.Evaluation;

/// <summary>A policy to evaluate, and whether its decisions depend on the cost penalty (so it is run at every lambda).</summary>
/// <param name="Policy">The policy.</param>
/// <param name="UsesCostPenalty">True to run it at every lambda; false to run it once.</param>
public sealed record EvaluatedPolicy(IRoutingPolicy Policy, bool UsesCostPenalty)
{
    /// <summary>
    /// Independent draws of a randomized policy, all named as <see cref="Policy"/>, each run over every query; its
    /// figures are the mean over the draws. Default: the policy alone.
    /// </summary>
    public IReadOnlyList<IRoutingPolicy> Draws { get; init; } = [Policy];
}

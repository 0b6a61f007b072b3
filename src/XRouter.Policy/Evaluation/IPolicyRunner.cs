using XRouter.Policy.Data;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Evaluation;

/// <summary>Runs a routing policy on one recorded query and scores what it did.</summary>
public interface IPolicyRunner
{
    /// <summary>Routes <paramref name="entry"/>'s prompt with <paramref name="policy"/> and scores the outcome.</summary>
    /// <param name="entry">The recorded query, complete for the evaluated pool.</param>
    /// <param name="policy">The policy to run.</param>
    /// <param name="costPenalty">The cost penalty (lambda) the policy sees.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    ValueTask<QueryResult> RunAsync(RoutingLogEntry entry, IRoutingPolicy policy, double costPenalty, CancellationToken cancellationToken);
}

using System.Collections.Concurrent;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Evaluation.Baselines;

/// <summary>
/// Sends each query to the model with the highest mean cost-shaped reward on the training queries of its task
/// at the request's cost penalty; a task unseen in training falls back to the best single model.
/// </summary>
public sealed class PerTaskBestPolicy : IRoutingPolicy
{
    private readonly PoolStatistics _train;
    private readonly ConcurrentDictionary<(double Lambda, string? Task), string> _best = new();

    /// <summary>Creates the policy.</summary>
    /// <param name="train">Statistics of the training queries; never the evaluated ones.</param>
    public PerTaskBestPolicy(PoolStatistics train)
    {
        ArgumentNullException.ThrowIfNull(train);
        _train = train;
    }

    /// <inheritdoc/>
    public string Name => "per-task-best";

    /// <inheritdoc/>
    public RoutingStep Decide(RoutingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string? task = state.Query.Task is string t && _train.HasTask(t) ? t : null;
        return OneModelStep.Next(state, () => _best.GetOrAdd((state.CostPenalty, task), key => _train.Best(key.Lambda, key.Task)));
    }
}

using System.Collections.Concurrent;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Evaluation.Baselines;

/// <summary>
/// Sends every query to the one model with the highest mean cost-shaped reward on the training queries at the
/// request's cost penalty: at lambda 0 the most accurate model, at higher lambdas cheaper ones.
/// </summary>
public sealed class BestSinglePolicy : IRoutingPolicy
{
    private readonly PoolStatistics _train;
    private readonly ConcurrentDictionary<double, string> _bestByLambda = new();

    /// <summary>Creates the policy.</summary>
    /// <param name="train">Statistics of the training queries; never the evaluated ones.</param>
    public BestSinglePolicy(PoolStatistics train)
    {
        ArgumentNullException.ThrowIfNull(train);
        _train = train;
    }

    /// <inheritdoc/>
    public string Name => "best-single";

    /// <summary>The model chosen at cost penalty <paramref name="lambda"/>.</summary>
    public string ModelFor(double lambda) => _bestByLambda.GetOrAdd(lambda, l => _train.Best(l));

    /// <inheritdoc/>
    public RoutingStep Decide(RoutingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return OneModelStep.Next(state, () => ModelFor(state.CostPenalty));
    }
}

using XRouter.Policy.Routing;

namespace XRouter.Policy.Evaluation.Baselines;

/// <summary>Sends every query to the model with the lowest mean cost per query on the reference (training) queries.</summary>
public sealed class CheapestPolicy : IRoutingPolicy
{
    private readonly string _modelId;

    /// <summary>Creates the policy.</summary>
    /// <param name="reference">Statistics of the queries the choice is made on.</param>
    public CheapestPolicy(PoolStatistics reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        _modelId = reference.Models.MinBy(m => reference.MeanCost(m))!;
    }

    /// <inheritdoc/>
    public string Name => "cheapest";

    /// <summary>The model every query goes to.</summary>
    public string ModelId => _modelId;

    /// <inheritdoc/>
    public RoutingStep Decide(RoutingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return OneModelStep.Next(state, () => _modelId);
    }
}

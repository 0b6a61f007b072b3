using XRouter.Policy.Routing;

namespace XRouter.Policy.Evaluation.Baselines;

/// <summary>Sends every query to one model and returns its reply.</summary>
public sealed class SingleModelPolicy : IRoutingPolicy
{
    private readonly string _modelId;

    /// <summary>Creates the policy.</summary>
    /// <param name="modelId">The model every query goes to.</param>
    public SingleModelPolicy(string modelId)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        _modelId = modelId;
    }

    /// <inheritdoc/>
    public string Name => _modelId;

    /// <inheritdoc/>
    public RoutingStep Decide(RoutingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return OneModelStep.Next(state, () => _modelId);
    }
}

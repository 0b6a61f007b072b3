using XRouter.Policy.Data;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Evaluation.Baselines;

/// <summary>
/// The oracle: knows every recorded outcome of the evaluated queries and sends each query to the cheapest model
/// that succeeds on it; when none does, to the cheapest model (scored 0). An upper bound, not a router.
/// </summary>
public sealed class OraclePolicy : IRoutingPolicy
{
    private readonly Dictionary<string, string> _modelById;

    /// <summary>Creates the oracle.</summary>
    /// <param name="evaluated">The evaluated queries, whose outcomes the oracle reads.</param>
    /// <param name="pricing">Prices the outcomes.</param>
    /// <param name="successThreshold">The score at or above which an answer succeeds.</param>
    public OraclePolicy(EvaluationDataset evaluated, OutcomePricing pricing, double successThreshold = 1.0)
    {
        ArgumentNullException.ThrowIfNull(evaluated);
        ArgumentNullException.ThrowIfNull(pricing);
        _modelById = evaluated.Entries.ToDictionary(
            e => e.Id,
            e => Choose(e, evaluated.Models, pricing, successThreshold),
            StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public string Name => "oracle";

    /// <inheritdoc/>
    public RoutingStep Decide(RoutingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return OneModelStep.Next(state, () => _modelById.TryGetValue(state.Query.Id, out string? model)
            ? model
            : throw new EvaluationException($"The oracle has no recorded outcomes for query '{state.Query.Id}'."));
    }

    private static string Choose(RoutingLogEntry entry, IReadOnlyList<string> models, OutcomePricing pricing, double threshold)
    {
        var byCost = models.OrderBy(m => pricing.CostOf(entry.Id, m, entry.Outcomes[m])).ToList();
        return byCost.FirstOrDefault(m => entry.Outcomes[m].Score >= threshold) ?? byCost[0];
    }
}

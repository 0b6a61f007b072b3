using XRouter.Policy.Data;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Evaluation.Baselines;

/// <summary>
/// The oracle: knows every recorded outcome of the evaluated queries and sends each query to the cheapest model
/// whose score reaches the success threshold; when none does, to the cheapest model with the highest score. At
/// threshold 1 this is RouterBench's oracle (the cheapest model with the highest score) on binary and graded
/// scores alike. An upper bound, not a router.
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
        Definition = Describe(successThreshold);
    }

    /// <inheritdoc/>
    public string Name => "oracle";

    /// <summary>How the oracle chose, in words, for reports.</summary>
    public string Definition { get; }

    /// <summary>How an oracle at <paramref name="successThreshold"/> chooses, in words.</summary>
    public static string Describe(double successThreshold) => successThreshold >= 1
        ? "cheapest model with the highest score (RouterBench)"
        : $"cheapest model scoring at least {successThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}, else the cheapest with the highest score";

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
        return byCost.FirstOrDefault(m => entry.Outcomes[m].Score >= threshold)
            ?? byCost.MaxBy(m => entry.Outcomes[m].Score)!;
    }
}

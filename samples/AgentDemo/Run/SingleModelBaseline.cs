using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;

namespace AgentDemo.Run;

/// <summary>One model answering every query of the log alone, from its recorded outcomes.</summary>
/// <param name="Model">The model.</param>
/// <param name="Accuracy">Share of queries it got right.</param>
/// <param name="CostUsd">What it cost for all of them.</param>
internal sealed record SingleModelBaseline(string Model, double Accuracy, double CostUsd)
{
    /// <summary>Every model of <paramref name="log"/> that answered all its queries.</summary>
    public static IReadOnlyList<SingleModelBaseline> All(IReadOnlyList<RoutingLogEntry> log, ModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(log);
        var pricing = new OutcomePricing(catalog);
        return [.. log.SelectMany(e => e.Outcomes.Keys).Distinct(StringComparer.Ordinal)
            .Where(model => log.All(e => e.Outcomes.ContainsKey(model)))
            .Select(model => new SingleModelBaseline(
                model,
                log.Average(e => e.Outcomes[model].Score >= 1 ? 1.0 : 0.0),
                log.Sum(e => pricing.CostOf(e.Id, model, e.Outcomes[model]))))];
    }

    /// <summary>
    /// The most accurate model on these very queries (the cheaper of a tie): a hindsight choice, so the strictest
    /// single-model reference.
    /// </summary>
    public static SingleModelBaseline Strongest(IReadOnlyList<SingleModelBaseline> all) =>
        all.OrderByDescending(b => b.Accuracy).ThenBy(b => b.CostUsd).First();

    /// <summary>The model that costs least on these queries.</summary>
    public static SingleModelBaseline Cheapest(IReadOnlyList<SingleModelBaseline> all) =>
        all.OrderBy(b => b.CostUsd).First();
}

using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Routing;

namespace AgentDemo.Run;

/// <summary>One operating point of the router: its accuracy and total cost at one cost penalty.</summary>
internal sealed record SweepPoint(double Lambda, double Accuracy, double CostUsd);

/// <summary>
/// The accuracy-cost trade-off of the policy over several cost penalties, on the fast replay path (the same
/// decisions the agent loop takes, without the loop), so a sweep stays quick on large logs.
/// </summary>
internal static class LambdaSweep
{
    /// <summary>The penalties swept, plus the run's own.</summary>
    public static IReadOnlyList<double> Grid(double chosen) =>
        [.. new double[] { 0, 5, 10, 15, 20, 30, 50, 100, 300, 1000 }.Append(chosen).Distinct().Order()];

    public static async Task<IReadOnlyList<SweepPoint>> RunAsync(
        IRoutingPolicy policy, IReadOnlyList<RoutingLogEntry> log, ModelCatalog catalog, IReadOnlyList<double> lambdas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(lambdas);
        // Catalog order, as XRouter offers the model tools.
        var logged = log.SelectMany(e => e.Outcomes.Keys).ToHashSet(StringComparer.Ordinal);
        var models = catalog.Models.Select(c => c.Id).Where(logged.Contains).ToList();
        var runner = new ReplayPolicyRunner(EvaluationPool.FromCatalog(models, catalog));
        var points = new List<SweepPoint>(lambdas.Count);
        foreach (double lambda in lambdas)
        {
            var results = new List<QueryResult>(log.Count);
            foreach (var entry in log)
            {
                results.Add(await runner.RunAsync(entry, policy, lambda, cancellationToken));
            }

            points.Add(new SweepPoint(lambda, results.Average(r => r.Score >= 1 ? 1.0 : 0.0), results.Sum(r => r.CostUsd)));
        }

        return points;
    }
}

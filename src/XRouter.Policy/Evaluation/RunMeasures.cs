using XRouter.Policy.Evaluation.Metrics;

namespace XRouter.Policy.Evaluation;

/// <summary>
/// Per-query scores and costs of policy runs (means over draws for a randomized policy) and, with a bootstrap,
/// their resampled means: the intervals of accuracy, mean cost and AIQ, and paired accuracy differences.
/// </summary>
internal sealed class RunMeasures
{
    private readonly EvaluationDataset _data;
    private readonly QueryBootstrap? _bootstrap;
    private readonly Dictionary<(string Policy, double? Lambda), (double[] Accuracy, double[] Cost)> _replicates = [];

    public RunMeasures(EvaluationDataset data, IEnumerable<PolicyRun> runs, QueryBootstrap? bootstrap)
    {
        _data = data;
        _bootstrap = bootstrap;
        if (bootstrap is not null)
        {
            foreach (var run in runs)
            {
                _ = Replicates(run);
            }
        }
    }

    /// <summary>The runs with bootstrap intervals on their summaries (unchanged without a bootstrap).</summary>
    public List<PolicyRun> WithIntervals(IEnumerable<PolicyRun> runs) =>
        [.. runs.Select(run =>
        {
            if (_bootstrap is null)
            {
                return run;
            }

            var (accuracy, cost) = Replicates(run);
            return run with { Summary = run.Summary with { AccuracyInterval = QueryBootstrap.Interval(accuracy), MeanCostInterval = QueryBootstrap.Interval(cost) } };
        })];

    /// <summary>Per policy, its most accurate run (the cheapest among ties) and, when possible, its paired accuracy gain over <paramref name="bestModel"/>.</summary>
    public IReadOnlyList<PolicyHighlight> Highlights(IEnumerable<PolicyRun> runs, string? bestModel)
    {
        double[]? best = _bootstrap is null || bestModel is null ? null : _bootstrap.Means([.. _data.Entries.Select(e => e.Outcomes[bestModel].Score)]);
        return [.. runs.GroupBy(r => r.Summary.Policy, StringComparer.Ordinal).Select(g =>
        {
            var top = g.OrderByDescending(r => r.Summary.Accuracy).ThenBy(r => r.Summary.MeanCostUsd).First();
            var gain = best is null ? null : QueryBootstrap.Interval(Replicates(top).Accuracy.Select((a, b) => a - best[b]));
            return new PolicyHighlight(top.Summary, g.Count(), gain);
        })];
    }

    /// <summary>
    /// Per policy with more than one operating point, the bootstrap interval of its AIQ and the paired interval of
    /// its AIQ minus the Zero router's (the hull of <paramref name="singles"/>, the single models' per-query scores
    /// and costs), the cost range held at <paramref name="costMax"/>.
    /// </summary>
    public IReadOnlyDictionary<string, (ConfidenceInterval Aiq, ConfidenceInterval GainOverZeroRouter)?> AiqIntervals(
        IEnumerable<PolicyRun> runs, IReadOnlyList<(double[] Scores, double[] Costs)> singles, double costMax)
    {
        double[]? zero = null;
        if (_bootstrap is not null && singles.Count > 0)
        {
            var resampled = singles.Select(s => (Accuracy: _bootstrap.Means(s.Scores), Cost: _bootstrap.Means(s.Costs))).ToList();
            zero = [.. Enumerable.Range(0, _bootstrap.Resamples).Select(b =>
                FrontierMetrics.AiqOf(new CostAccuracyFrontier(resampled.Select(r => (r.Cost[b], r.Accuracy[b]))), costMax))];
        }

        return runs.GroupBy(r => r.Summary.Policy, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g =>
            {
                if (_bootstrap is null || zero is null || !FrontierMetrics.IsCurve(g.Select(r => (r.Summary.MeanCostUsd, r.Summary.Accuracy))))
                {
                    return ((ConfidenceInterval, ConfidenceInterval)?)null;
                }

                var replicates = g.Select(Replicates).ToList();
                double[] aiq = [.. Enumerable.Range(0, _bootstrap.Resamples).Select(b =>
                    FrontierMetrics.AiqOf(new CostAccuracyFrontier(replicates.Select(r => (r.Cost[b], r.Accuracy[b]))), costMax))];
                return (QueryBootstrap.Interval(aiq), QueryBootstrap.Interval(aiq.Select((a, b) => a - zero[b])));
            },
            StringComparer.Ordinal);
    }

    private (double[] Accuracy, double[] Cost) Replicates(PolicyRun run)
    {
        var key = (run.Summary.Policy, run.Summary.Lambda);
        if (_bootstrap is null)
        {
            return ([], []);
        }

        if (!_replicates.TryGetValue(key, out var replicates))
        {
            var (scores, costs) = PerQuery(run);
            _replicates[key] = replicates = (_bootstrap.Means(scores), _bootstrap.Means(costs));
        }

        return replicates;
    }

    // Results hold draw after draw, each in dataset order: a query's figure is its mean over draws.
    private (double[] Scores, double[] Costs) PerQuery(PolicyRun run)
    {
        int queries = _data.Entries.Count;
        var scores = new double[queries];
        var costs = new double[queries];
        for (int i = 0; i < run.Results.Count; i++)
        {
            scores[i % queries] += run.Results[i].Score / run.Draws;
            costs[i % queries] += run.Results[i].CostUsd / run.Draws;
        }

        return (scores, costs);
    }
}

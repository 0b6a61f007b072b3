using XRouter.Policy.Evaluation.Baselines;
using XRouter.Policy.Evaluation.Metrics;

namespace XRouter.Policy.Evaluation;

/// <summary>
/// Runs policies over the evaluated queries through an <see cref="IPolicyRunner"/> (the fast replay path, or an
/// end-to-end one) and measures them side by side with the best single model and the oracle.
/// </summary>
public sealed class RoutingEvaluator
{
    private readonly EvaluationDataset _data;
    private readonly EvaluationPool _pool;
    private readonly IPolicyRunner _runner;
    private readonly EvaluationOptions _options;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="data">The evaluated queries.</param>
    /// <param name="pool">The pool and its pricing.</param>
    /// <param name="runner">Runs one policy on one query.</param>
    /// <param name="options">Success threshold and the strong/weak pair.</param>
    /// <exception cref="EvaluationException">No query is complete, or the strong or weak model is not in the pool.</exception>
    public RoutingEvaluator(EvaluationDataset data, EvaluationPool pool, IPolicyRunner runner, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(runner);
        _data = data;
        _pool = pool;
        _runner = runner;
        _options = options ?? new EvaluationOptions();
        if (data.Entries.Count == 0)
        {
            throw new EvaluationException($"No query has an outcome for every model of the pool ({data.ExcludedCount} excluded).");
        }

        if ((_options.Strong is null) != (_options.Weak is null))
        {
            throw new EvaluationException("APGR and CPT need both a strong and a weak model.");
        }

        foreach (string? model in new[] { _options.Strong, _options.Weak })
        {
            if (model is not null && !data.Models.Contains(model, StringComparer.Ordinal))
            {
                throw new EvaluationException($"Model '{model}' is not in the evaluated pool ({string.Join(", ", data.Models)}).");
            }
        }
    }

    /// <summary>How many query runs <see cref="EvaluateAsync"/> makes, for a progress bar.</summary>
    public int CountQueryRuns(IReadOnlyList<EvaluatedPolicy> policies, IReadOnlyList<double> lambdas)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(lambdas);
        return _data.Entries.Count * (policies.Sum(p => p.UsesCostPenalty ? lambdas.Count : 1) + 1);
    }

    /// <summary>Runs every policy (cost-aware ones at every lambda) plus the oracle, and computes the report.</summary>
    /// <param name="policies">The policies, in report order.</param>
    /// <param name="lambdas">The cost penalties, at least one.</param>
    /// <param name="train">Statistics of the training queries (for the best single model), or null.</param>
    /// <param name="progress">Receives the number of query runs completed since the last report, or null.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    public async Task<EvaluationReport> EvaluateAsync(
        IReadOnlyList<EvaluatedPolicy> policies,
        IReadOnlyList<double> lambdas,
        PoolStatistics? train,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(lambdas);
        ArgumentOutOfRangeException.ThrowIfZero(lambdas.Count);
        var runs = new List<PolicyRun>();
        foreach (var policy in policies)
        {
            foreach (double lambda in policy.UsesCostPenalty ? lambdas : lambdas.Take(1))
            {
                runs.Add(await RunAsync(policy, lambda, progress, cancellationToken).ConfigureAwait(false));
            }
        }

        var oracle = await RunAsync(new EvaluatedPolicy(new OraclePolicy(_data, _pool.Pricing, _options.SuccessThreshold), false), lambdas[0], progress, cancellationToken)
            .ConfigureAwait(false);
        var evaluated = new PoolStatistics(_data, _pool.Pricing);
        var costs = _data.Models.Select(m => evaluated.MeanCost(m)).ToList();
        var costRange = (costs.Min(), costs.Max());
        var bestSingle = train is null ? null : SingleSummary(evaluated, train.Best(0));
        return new EvaluationReport
        {
            Queries = _data.Entries.Count,
            ExcludedQueries = _data.ExcludedCount,
            Models = _data.Models,
            Tasks = _data.Tasks,
            PriceSource = _pool.PriceSource,
            Lambdas = lambdas,
            BestSingle = bestSingle,
            Oracle = oracle.Summary,
            Runs = runs,
            RunsByTask = _data.Tasks.ToDictionary(
                t => t,
                t => (IReadOnlyList<PolicySummary>)[.. WithOracle(runs, oracle).Select(r => Summarize(r.Summary, r.Results.Where(q => (q.Task ?? EvaluationDataset.NoTask) == t).ToList()))],
                StringComparer.Ordinal),
            CostRange = costRange,
            Aiq = ByPolicy(runs, points => Aiq(FrontierOf(points), costRange)),
            CostReductionVsBestSingle = ByPolicy(runs, points => bestSingle is { MeanCostUsd: > 0 } best && FrontierOf(points).CostAt(best.Accuracy) is double cost
                ? 1 - (cost / best.MeanCostUsd)
                : (double?)null),
            StrongWeak = StrongWeak(runs, evaluated),
        };
    }

    private async Task<PolicyRun> RunAsync(EvaluatedPolicy policy, double lambda, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var results = new List<QueryResult>(_data.Entries.Count);
        foreach (var entry in _data.Entries)
        {
            results.Add(await _runner.RunAsync(entry, policy.Policy, lambda, cancellationToken).ConfigureAwait(false));
            if (results.Count % 256 == 0)
            {
                progress?.Report(256);
            }
        }

        progress?.Report(results.Count % 256);
        var summary = PolicySummary.Of(policy.Policy.Name, policy.UsesCostPenalty ? lambda : null, results, _options.SuccessThreshold);
        return new PolicyRun(summary, results);
    }

    private static IEnumerable<PolicyRun> WithOracle(List<PolicyRun> runs, PolicyRun oracle) =>
        runs.Any(r => r.Summary.Policy == oracle.Summary.Policy) ? runs : runs.Append(oracle);

    private PolicySummary Summarize(PolicySummary whole, List<QueryResult> results) =>
        PolicySummary.Of(whole.Policy, whole.Lambda, results, _options.SuccessThreshold);

    private PolicySummary SingleSummary(PoolStatistics evaluated, string model)
    {
        double accuracy = evaluated.MeanScore(model);
        double cost = evaluated.MeanCost(model);
        double success = _data.Entries.Count(e => e.Outcomes[model].Score >= _options.SuccessThreshold) / (double)_data.Entries.Count;
        var decisions = Enum.GetValues<DecisionKind>().ToDictionary(k => k, k => k == DecisionKind.Single ? _data.Entries.Count : 0);
        return new PolicySummary(model, null, _data.Entries.Count, accuracy, success, cost, cost * _data.Entries.Count, cost > 0 ? accuracy / cost : null, decisions);
    }

    private StrongWeakReport? StrongWeak(List<PolicyRun> runs, PoolStatistics evaluated)
    {
        if (_options is not { Strong: string strong, Weak: string weak })
        {
            return null;
        }

        double strongAccuracy = evaluated.MeanScore(strong);
        double weakAccuracy = evaluated.MeanScore(weak);
        double gap = strongAccuracy - weakAccuracy;
        if (gap <= 0)
        {
            throw new EvaluationException($"The strong model '{strong}' ({strongAccuracy:0.####}) is not more accurate than the weak model '{weak}' ({weakAccuracy:0.####}) on the evaluated queries.");
        }

        var byPolicy = runs
            .GroupBy(r => r.Summary.Policy, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => StrongWeakMetrics.Of(g.Select(r => (
                    r.Results.Count(q => q.ModelsCalled.Contains(strong, StringComparer.Ordinal)) / (double)r.Results.Count,
                    (r.Summary.Accuracy - weakAccuracy) / gap))),
                StringComparer.Ordinal);
        return new StrongWeakReport(strong, weak, byPolicy);
    }

    private static Dictionary<string, T> ByPolicy<T>(List<PolicyRun> runs, Func<IEnumerable<(double Cost, double Accuracy)>, T> metric) =>
        runs.GroupBy(r => r.Summary.Policy, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => metric(g.Select(r => (r.Summary.MeanCostUsd, r.Summary.Accuracy))), StringComparer.Ordinal);

    // A pool whose models all cost the same has no cost range to average over: AIQ is the accuracy at that cost.
    private static double Aiq(CostAccuracyFrontier frontier, (double Min, double Max) range) =>
        range.Max > range.Min ? frontier.NormalizedArea(range.Min, range.Max) : frontier.AccuracyAt(range.Max);

    private static CostAccuracyFrontier FrontierOf(IEnumerable<(double Cost, double Accuracy)> points) => new(points);
}

using XRouter.Policy.Evaluation.Baselines;
using XRouter.Policy.Evaluation.Metrics;

namespace XRouter.Policy.Evaluation;

/// <summary>
/// Runs policies over the evaluated queries through an <see cref="IPolicyRunner"/> (the fast replay path, or an
/// end-to-end one) and measures them side by side with the single models, the Zero router and the oracle.
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
    /// <param name="options">Success threshold, the strong/weak pair, bootstrap and frontier readings.</param>
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
        return _data.Entries.Count * (policies.Sum(p => (p.UsesCostPenalty ? lambdas.Count : 1) * p.Draws.Count) + 1);
    }

    /// <summary>Runs every policy (cost-aware ones at every lambda, randomized ones once per draw) plus the oracle, and computes the report.</summary>
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

        var oraclePolicy = new OraclePolicy(_data, _pool.Pricing, _options.SuccessThreshold);
        var oracle = await RunAsync(new EvaluatedPolicy(oraclePolicy, false), lambdas[0], progress, cancellationToken).ConfigureAwait(false);
        var evaluated = new PoolStatistics(_data, _pool.Pricing, _options.SuccessThreshold);
        var strongWeak = StrongWeak(runs, evaluated);
        if (_options.Strong is string strong)
        {
            runs = [.. runs.Select(r => r with { Summary = r.Summary with { StrongShare = ShareCalling(r.Results, strong) } })];
        }

        string? bestModel = train?.Best(0);
        var measures = new RunMeasures(_data, runs, _options.BootstrapResamples > 0 ? new QueryBootstrap(_data.Entries.Count, _options.BootstrapResamples, _options.BootstrapSeed) : null);
        runs = measures.WithIntervals(runs);
        var bestSingle = bestModel is null ? null : SingleSummary(evaluated, bestModel);
        var frontiers = new FrontierMetrics(runs.Select(r => r.Summary), SinglePoints(evaluated, null), EvaluationReport.ZeroRouter);
        var aiqIntervals = measures.AiqIntervals(runs, SinglesPerQuery(), frontiers.CostMax);
        var byTask = _data.Tasks.ToDictionary(
            t => t,
            t => (IReadOnlyList<PolicySummary>)[.. WithOracle(runs, oracle).Select(r => Summarize(r, r.Results.Where(q => (q.Task ?? EvaluationDataset.NoTask) == t).ToList()))],
            StringComparer.Ordinal);
        var aiqByTask = _data.Tasks.ToDictionary(
            t => t,
            t => new FrontierMetrics(
                byTask[t].Where(s => s.Policy != oracle.Summary.Policy || runs.Any(r => r.Summary.Policy == s.Policy)),
                SinglePoints(evaluated, t),
                EvaluationReport.ZeroRouter).Aiq(),
            StringComparer.Ordinal);
        return new EvaluationReport
        {
            Queries = _data.Entries.Count,
            ExcludedQueries = _data.ExcludedCount,
            EmptyQueries = _data.EmptyCount,
            MissingByModel = _data.MissingByModel,
            Models = _data.Models,
            Tasks = _data.Tasks,
            PriceSource = _pool.PriceSource,
            SuccessThreshold = _options.SuccessThreshold,
            OracleDefinition = oraclePolicy.Definition,
            Lambdas = lambdas,
            BootstrapResamples = _options.BootstrapResamples,
            BestSingle = bestSingle,
            Oracle = measures.WithIntervals([oracle])[0].Summary,
            Runs = runs,
            RunsByTask = byTask,
            Highlights = measures.Highlights(runs, bestModel),
            Frontiers = frontiers.Vertices(),
            AiqCostMax = frontiers.CostMax,
            Aiq = frontiers.Aiq(),
            AiqIntervals = aiqIntervals.ToDictionary(a => a.Key, a => a.Value?.Aiq, StringComparer.Ordinal),
            AiqGainOverZeroRouter = aiqIntervals.ToDictionary(a => a.Key, a => a.Value?.GainOverZeroRouter, StringComparer.Ordinal),
            AiqByTask = aiqByTask,
            AiqMeanOverTasks = aiqByTask.Values.SelectMany(a => a.Keys).Distinct(StringComparer.Ordinal).ToDictionary(
                p => p,
                p => aiqByTask.Values.All(a => a.GetValueOrDefault(p) is not null) ? aiqByTask.Values.Average(a => a[p]) : null,
                StringComparer.Ordinal),
            CostReductionVsBestSingle = frontiers.Map(f => bestSingle is { MeanCostUsd: > 0 } best && f.CostAt(best.Accuracy) is double cost
                ? 1 - (cost / best.MeanCostUsd)
                : (double?)null),
            AccuracyAtCost = [.. _options.AtCost.Select(c => new FrontierReading(c, frontiers.Map(f => c < f.Points[0].Cost ? null : f.AccuracyAt(c))))],
            CostAtAccuracy = [.. _options.AtAccuracy.Select(a => new FrontierReading(a, frontiers.Map(f => f.CostAt(a))))],
            StrongWeak = strongWeak,
        };
    }

    private async Task<PolicyRun> RunAsync(EvaluatedPolicy policy, double lambda, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var results = new List<QueryResult>(_data.Entries.Count * policy.Draws.Count);
        for (int draw = 0; draw < policy.Draws.Count; draw++)
        {
            foreach (var entry in _data.Entries)
            {
                var result = await _runner.RunAsync(entry, policy.Draws[draw], lambda, cancellationToken).ConfigureAwait(false);
                results.Add(draw == 0 ? result : result with { Draw = draw });
                if (results.Count % 256 == 0)
                {
                    progress?.Report(256);
                }
            }
        }

        progress?.Report(results.Count % 256);
        var summary = PolicySummary.Of(policy.Policy.Name, policy.UsesCostPenalty ? lambda : null, results, _options.SuccessThreshold, policy.Draws.Count);
        return new PolicyRun(summary, results, policy.Draws.Count);
    }

    private static IEnumerable<PolicyRun> WithOracle(List<PolicyRun> runs, PolicyRun oracle) =>
        runs.Any(r => r.Summary.Policy == oracle.Summary.Policy) ? runs : runs.Append(oracle);

    private PolicySummary Summarize(PolicyRun run, List<QueryResult> results) =>
        PolicySummary.Of(run.Summary.Policy, run.Summary.Lambda, results, _options.SuccessThreshold, run.Draws) with
        {
            StrongShare = _options.Strong is string strong ? ShareCalling(results, strong) : null,
        };

    private PolicySummary SingleSummary(PoolStatistics evaluated, string model)
    {
        double accuracy = evaluated.MeanScore(model);
        double cost = evaluated.MeanCost(model);
        double success = _data.Entries.Count(e => e.Outcomes[model].Score >= _options.SuccessThreshold) / (double)_data.Entries.Count;
        var decisions = Enum.GetValues<DecisionKind>().ToDictionary(k => k, k => k == DecisionKind.Single ? _data.Entries.Count : 0);
        return new PolicySummary(model, null, _data.Entries.Count, accuracy, success, cost, cost * _data.Entries.Count, cost > 0 ? accuracy / cost : null, decisions);
    }

    private IReadOnlyList<(double Cost, double Accuracy)> SinglePoints(PoolStatistics evaluated, string? task) =>
        [.. _data.Models.Select(m => (evaluated.MeanCost(m, task), evaluated.MeanScore(m, task))).Where(p => double.IsFinite(p.Item1))];

    private List<(double[] Scores, double[] Costs)> SinglesPerQuery() =>
        [.. _data.Models.Select(m => (
            _data.Entries.Select(e => e.Outcomes[m].Score).ToArray(),
            _data.Entries.Select(e => _pool.Pricing.CostOf(e.Id, m, e.Outcomes[m])).ToArray()))];

    private static double ShareCalling(IReadOnlyList<QueryResult> results, string model) =>
        results.Count(q => q.ModelsCalled.Contains(model, StringComparer.Ordinal)) / (double)results.Count;

    private StrongWeakReport? StrongWeak(List<PolicyRun> runs, PoolStatistics evaluated)
    {
        if (_options is not { Strong: string strong, Weak: string weak })
        {
            return null;
        }

        double strongAccuracy = evaluated.MeanScore(strong);
        double weakAccuracy = evaluated.MeanScore(weak);
        if (strongAccuracy <= weakAccuracy)
        {
            throw new EvaluationException($"The strong model '{strong}' ({strongAccuracy:0.####}) is not more accurate than the weak model '{weak}' ({weakAccuracy:0.####}) on the evaluated queries.");
        }

        var byPolicy = runs
            .GroupBy(r => r.Summary.Policy, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => StrongWeakMetrics.Of(g.Select(r => (ShareCalling(r.Results, strong), r.Summary.Accuracy)), weakAccuracy, strongAccuracy),
                StringComparer.Ordinal);
        return new StrongWeakReport(strong, weak, strongAccuracy, weakAccuracy, byPolicy);
    }
}

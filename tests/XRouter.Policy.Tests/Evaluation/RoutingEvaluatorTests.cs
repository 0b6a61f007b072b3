using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Evaluation.Baselines;

namespace XRouter.Policy.Tests.Evaluation;

public sealed class RoutingEvaluatorTests
{
    private static readonly RoutingLogEntry[] s_log =
    [
        TestLog.Entry("q1", "math", ("small", 1, 0.001, null), ("large", 1, 0.010, null)),
        TestLog.Entry("q2", "math", ("small", 0, 0.001, null), ("large", 1, 0.010, null)),
        TestLog.Entry("q3", "code", ("small", 0, 0.001, null), ("large", 0, 0.010, null)),
        TestLog.Entry("q4", "code", ("large", 1, 0.010, null)),
    ];

    [Fact]
    public async Task The_report_measures_every_run_the_oracle_and_the_excluded_count()
    {
        var (evaluator, _, _) = Create();

        var report = await evaluator.EvaluateAsync([new(new SingleModelPolicy("large"), false)], [0], train: null);

        Assert.Equal((3, 1), (report.Queries, report.ExcludedQueries));
        var large = Assert.Single(report.Runs).Summary;
        Assert.Equal((2 / 3.0, 0.010), (large.Accuracy, large.MeanCostUsd));
        Assert.Equal((2 / 3.0, (0.001 + 0.010 + 0.001) / 3), (report.Oracle.Accuracy, report.Oracle.MeanCostUsd));
    }

    [Fact]
    public async Task A_cost_aware_policy_runs_at_every_lambda_and_others_once()
    {
        var (evaluator, pool, data) = Create();
        var train = new PoolStatistics(data, pool.Pricing);

        var report = await evaluator.EvaluateAsync(
            [new(new BestSinglePolicy(train), true), new(new SingleModelPolicy("small"), false)], [0, 10, 1000], train);

        Assert.Equal([0.0, 10.0, 1000.0, null], report.Runs.Select(r => r.Summary.Lambda));
    }

    [Fact]
    public async Task Per_task_tables_split_the_runs_and_include_the_oracle()
    {
        var (evaluator, _, _) = Create();

        var report = await evaluator.EvaluateAsync([new(new SingleModelPolicy("small"), false)], [0], train: null);

        Assert.Equal(["math", "code"], report.RunsByTask.Keys);
        Assert.Equal(["small", "oracle"], report.RunsByTask["math"].Select(s => s.Policy));
        Assert.Equal(0.5, report.RunsByTask["math"][0].Accuracy);
    }

    [Fact]
    public async Task Progress_counts_every_query_run()
    {
        var (evaluator, _, _) = Create();
        var policies = new EvaluatedPolicy[] { new(new SingleModelPolicy("small"), false) };
        var progress = new Counter();

        await evaluator.EvaluateAsync(policies, [0, 1], train: null, progress);

        Assert.Equal(evaluator.CountQueryRuns(policies, [0, 1]), progress.Total);
    }

    [Fact]
    public async Task The_zero_router_is_the_hull_of_the_single_models_and_gets_routerbenchs_aiq()
    {
        var (evaluator, _, _) = Create();

        var report = await evaluator.EvaluateAsync([new(new SingleModelPolicy("small"), false)], [0], train: null);

        // Singles (0.001, 1/3) and (0.010, 2/3); over [0, 0.010]: 0.009 x (1/3 + 2/3) / 2 / 0.010 = 0.45.
        Assert.Equal(0.45, report.Aiq[EvaluationReport.ZeroRouter]!.Value, 12);
        Assert.Equal([(0.001, 1 / 3.0), (0.010, 2 / 3.0)], report.Frontiers[EvaluationReport.ZeroRouter]);
    }

    [Fact]
    public async Task A_policy_with_one_operating_point_has_no_aiq()
    {
        var (evaluator, _, _) = Create();

        var report = await evaluator.EvaluateAsync([new(new SingleModelPolicy("small"), false)], [0], train: null);

        Assert.Null(report.Aiq["small"]);
    }

    [Fact]
    public async Task Aiq_is_computed_per_task_and_averaged_over_tasks()
    {
        var (evaluator, _, _) = Create();

        var report = await evaluator.EvaluateAsync([new(new SingleModelPolicy("small"), false)], [0], train: null);

        // math: (0.001, 0.5) and (0.010, 1.0) give 0.009 x 0.75 / 0.010 = 0.675; code: both models score 0.
        Assert.Equal(0.675, report.AiqByTask["math"][EvaluationReport.ZeroRouter]!.Value, 12);
        Assert.Equal(0.0, report.AiqByTask["code"][EvaluationReport.ZeroRouter]!.Value, 12);
        Assert.Equal(0.3375, report.AiqMeanOverTasks[EvaluationReport.ZeroRouter]!.Value, 12);
    }

    [Fact]
    public async Task Bootstrap_intervals_are_seeded_and_bracket_the_measured_figures()
    {
        var data = EvaluationDataset.Create(s_log);
        var pool = EvaluationPool.FromRecordedCosts(data);
        var options = new EvaluationOptions { BootstrapResamples = 200, BootstrapSeed = 3 };
        var policies = new EvaluatedPolicy[] { new(new BestSinglePolicy(new PoolStatistics(data, pool.Pricing)), true) };

        var first = await new RoutingEvaluator(data, pool, new ReplayPolicyRunner(pool), options).EvaluateAsync(policies, [0, 1000], train: null);
        var second = await new RoutingEvaluator(data, pool, new ReplayPolicyRunner(pool), options).EvaluateAsync(policies, [0, 1000], train: null);

        var summary = first.Runs[0].Summary;
        Assert.True(summary.AccuracyInterval!.Contains(summary.Accuracy));
        Assert.Equal(summary.AccuracyInterval, second.Runs[0].Summary.AccuracyInterval);
        Assert.NotNull(first.AiqIntervals["best-single"]);
    }

    [Fact]
    public async Task A_policy_that_only_moves_between_single_models_does_not_beat_the_zero_router()
    {
        var data = EvaluationDataset.Create(s_log);
        var pool = EvaluationPool.FromRecordedCosts(data);
        var evaluator = new RoutingEvaluator(data, pool, new ReplayPolicyRunner(pool), new EvaluationOptions { BootstrapResamples = 100 });

        var report = await evaluator.EvaluateAsync([new(new BestSinglePolicy(new PoolStatistics(data, pool.Pricing)), true)], [0, 1000], train: null);

        // Its two points are the two single models, so on every resample its frontier is the Zero router's.
        var gain = report.AiqGainOverZeroRouter["best-single"]!;
        Assert.Equal((0.0, 0.0), (Math.Round(gain.Low, 12), Math.Round(gain.High, 12)));
    }

    [Fact]
    public async Task Frontier_readings_interpolate_accuracy_at_a_cost_and_the_cost_of_an_accuracy()
    {
        var data = EvaluationDataset.Create(s_log);
        var pool = EvaluationPool.FromRecordedCosts(data);
        var evaluator = new RoutingEvaluator(data, pool, new ReplayPolicyRunner(pool), new EvaluationOptions { AtCost = [0.0055], AtAccuracy = [0.5, 0.9], BootstrapResamples = 0 });

        var report = await evaluator.EvaluateAsync([new(new SingleModelPolicy("small"), false)], [0], train: null);

        // The zero router's frontier runs from (0.001, 1/3) to (0.010, 2/3).
        Assert.Equal(0.5, report.AccuracyAtCost[0].ByPolicy[EvaluationReport.ZeroRouter]!.Value, 12);
        Assert.Equal(0.0055, report.CostAtAccuracy[0].ByPolicy[EvaluationReport.ZeroRouter]!.Value, 12);
        Assert.Null(report.CostAtAccuracy[1].ByPolicy[EvaluationReport.ZeroRouter]);
    }

    [Fact]
    public void A_strong_model_outside_the_pool_is_an_error()
    {
        var data = EvaluationDataset.Create(s_log);
        var pool = EvaluationPool.FromRecordedCosts(data);

        Assert.Throws<EvaluationException>(() => new RoutingEvaluator(data, pool, new ReplayPolicyRunner(pool), new EvaluationOptions { Strong = "huge", Weak = "small" }));
    }

    private static (RoutingEvaluator Evaluator, EvaluationPool Pool, EvaluationDataset Data) Create()
    {
        var data = EvaluationDataset.Create(s_log);
        var pool = EvaluationPool.FromRecordedCosts(data);
        return (new RoutingEvaluator(data, pool, new ReplayPolicyRunner(pool)), pool, data);
    }

    private sealed class Counter : IProgress<int>
    {
        public int Total { get; private set; }

        public void Report(int value) => Total += value;
    }
}

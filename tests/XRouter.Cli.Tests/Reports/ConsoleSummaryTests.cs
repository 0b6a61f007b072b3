using XRouter.Cli.Reports;
using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Evaluation.Baselines;

namespace XRouter.Cli.Tests.Reports;

public sealed class ConsoleSummaryTests
{
    [Fact]
    public async Task The_summary_fits_100_columns_with_long_model_names_and_shows_aiq_and_apgr()
    {
        string longName = "some-organisation/an-extremely-long-model-name-that-goes-on-and-on-v2";
        RoutingLogEntry Entry(string id, double weak, double strong) => new()
        {
            Id = id,
            Prompt = id,
            Outcomes = new Dictionary<string, ModelOutcome>
            {
                ["weak"] = new() { Score = weak, CostUsd = 0.001, Response = "a" },
                [longName] = new() { Score = strong, CostUsd = 0.01, Response = "b" },
            },
        };
        var data = EvaluationDataset.Create([Entry("q1", 0, 1), Entry("q2", 1, 1), Entry("q3", 0, 0)]);
        var pool = EvaluationPool.FromRecordedCosts(data);
        var train = new PoolStatistics(data, pool.Pricing);
        var evaluator = new RoutingEvaluator(data, pool, new ReplayPolicyRunner(pool), new EvaluationOptions { Strong = longName, Weak = "weak", BootstrapResamples = 50 });
        var report = await evaluator.EvaluateAsync(
            [.. BaselinePolicies.Create(BaselinePolicies.Singles, new BaselineContext(data, pool, train)), new(new BestSinglePolicy(train), true)], [0, 1000], train);

        var lines = ConsoleSummary.Lines(report, "out").ToList();

        Assert.All(lines.Where(l => !l.StartsWith("best single", StringComparison.Ordinal) && !l.StartsWith("wrote", StringComparison.Ordinal)), l => Assert.InRange(l.Length, 1, 100));
        Assert.Contains("AIQ", lines[1], StringComparison.Ordinal);
        Assert.Contains("APGR", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("…", StringComparison.Ordinal) && l.Contains("goes-on-and-on-v2", StringComparison.Ordinal));
    }
}

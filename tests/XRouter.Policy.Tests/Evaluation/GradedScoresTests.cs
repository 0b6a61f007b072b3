using XRouter.Policy.Evaluation;
using XRouter.Policy.Evaluation.Baselines;
using XRouter.Policy.Reward;

namespace XRouter.Policy.Tests.Evaluation;

/// <summary>Baselines on a graded (0..1) log, where success at score 1 alone would pick the least accurate model.</summary>
public sealed class GradedScoresTests
{
    // "good" is more accurate by mean score (0.8875 vs 0.525); "cheap" is the only one that ever scores 1.
    private static readonly EvaluationDataset s_graded = EvaluationDataset.Create(
    [
        TestLog.Entry("q1", ("cheap", 0.6, 0.001), ("good", 0.9, 0.010)),
        TestLog.Entry("q2", ("cheap", 1.0, 0.001), ("good", 0.9, 0.010)),
        TestLog.Entry("q3", ("cheap", 0.2, 0.001), ("good", 0.8, 0.010)),
        TestLog.Entry("q4", ("cheap", 0.3, 0.001), ("good", 0.95, 0.010)),
    ]);

    private static readonly EvaluationPool s_pool = EvaluationPool.FromRecordedCosts(s_graded);

    [Fact]
    public async Task The_graded_oracle_takes_the_cheapest_model_with_the_highest_score()
    {
        var oracle = new OraclePolicy(s_graded, s_pool.Pricing);
        var runner = new ReplayPolicyRunner(s_pool);

        var models = new List<string?>();
        foreach (var entry in s_graded.Entries)
        {
            models.Add((await runner.RunAsync(entry, oracle, 0, default)).FinalModel);
        }

        Assert.Equal(["good", "cheap", "good", "good"], models);
        Assert.Contains("highest score", oracle.Definition, StringComparison.Ordinal);
    }

    [Fact]
    public void With_threshold_zero_best_single_is_the_most_accurate_by_mean_score()
    {
        var stats = new PoolStatistics(s_graded, s_pool.Pricing, successThreshold: 0);

        Assert.Equal("good", new BestSinglePolicy(stats).ModelFor(0));
    }

    [Fact]
    public void A_threshold_below_a_graded_score_lets_it_count_as_a_success()
    {
        var strict = new PoolStatistics(s_graded, s_pool.Pricing, successThreshold: 1.0);
        var lenient = new PoolStatistics(s_graded, s_pool.Pricing, successThreshold: 0.8);

        Assert.Equal(("cheap", "good"), (strict.Best(0), lenient.Best(0)));
    }

    [Fact]
    public void A_graded_success_earns_in_proportion_to_its_score_and_a_failure_nothing()
    {
        var reward = new CostShapedReward { Lambda = 0, SuccessThreshold = 0.5 };

        Assert.Equal((0.8, 0.0), (reward.Evaluate(0.8, 0), reward.Evaluate(0.4, 0)));
    }

    [Fact]
    public async Task The_evaluator_passes_its_threshold_to_the_oracle_and_the_success_rate()
    {
        var evaluator = new RoutingEvaluator(s_graded, s_pool, new ReplayPolicyRunner(s_pool), new EvaluationOptions { SuccessThreshold = 0.85, BootstrapResamples = 0 });

        var report = await evaluator.EvaluateAsync([new(new SingleModelPolicy("good"), false)], [0], train: null);

        Assert.Equal(0.75, report.Runs[0].Summary.SuccessRate);
        // At 0.85 the oracle takes the cheapest model reaching it: good on q1 and q4, cheap on q2, and good (0.8, the best) on q3.
        Assert.Equal((0.9 + 1.0 + 0.8 + 0.95) / 4, report.Oracle.Accuracy, 12);
        Assert.Contains("0.85", report.OracleDefinition, StringComparison.Ordinal);
    }
}

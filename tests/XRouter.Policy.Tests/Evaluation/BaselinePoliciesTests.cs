using XRouter.Policy.Evaluation;
using XRouter.Policy.Evaluation.Baselines;

namespace XRouter.Policy.Tests.Evaluation;

public sealed class BaselinePoliciesTests
{
    // On training "accurate" wins (4 of 4); on the evaluated queries "mid" would (2 of 3), and must not be chosen.
    private static readonly EvaluationDataset s_train = EvaluationDataset.Create(
    [
        TestLog.Entry("t1", "math", ("accurate", 1, 0.010, null), ("lucky", 0, 0.001, null), ("mid", 1, 0.004, null)),
        TestLog.Entry("t2", "math", ("accurate", 1, 0.010, null), ("lucky", 0, 0.001, null), ("mid", 1, 0.004, null)),
        TestLog.Entry("t3", "code", ("accurate", 1, 0.010, null), ("lucky", 1, 0.001, null), ("mid", 0, 0.004, null)),
        TestLog.Entry("t4", "code", ("accurate", 1, 0.010, null), ("lucky", 0, 0.001, null), ("mid", 0, 0.004, null)),
    ]);

    private static readonly EvaluationDataset s_evaluated = EvaluationDataset.Create(
    [
        TestLog.Entry("e1", "math", ("accurate", 0, 0.010, null), ("lucky", 1, 0.001, null), ("mid", 1, 0.004, null)),
        TestLog.Entry("e2", "code", ("accurate", 0, 0.010, null), ("lucky", 0, 0.001, null), ("mid", 0, 0.004, null)),
        TestLog.Entry("e3", "math", ("accurate", 1, 0.010, null), ("lucky", 0, 0.001, null), ("mid", 1, 0.004, null)),
    ]);

    private static readonly EvaluationPool s_pool = EvaluationPool.FromRecordedCosts(s_train);
    private static readonly PoolStatistics s_trainStats = new(s_train, s_pool.Pricing);

    [Fact]
    public async Task Best_single_is_chosen_on_training_queries_never_on_the_evaluated_ones()
    {
        var results = await RunAsync(new BestSinglePolicy(s_trainStats), 0);

        Assert.All(results, r => Assert.Equal("accurate", r.FinalModel));
    }

    [Fact]
    public async Task Best_single_moves_to_a_cheaper_model_as_the_cost_penalty_grows()
    {
        var results = await RunAsync(new BestSinglePolicy(s_trainStats), 80);

        Assert.All(results, r => Assert.Equal("mid", r.FinalModel));
    }

    [Fact]
    public async Task Per_task_best_uses_each_tasks_own_training_winner_ties_to_the_cheaper()
    {
        var results = await RunAsync(new PerTaskBestPolicy(s_trainStats), 0);

        Assert.Equal(["mid", "accurate", "mid"], results.Select(r => r.FinalModel));
    }

    [Fact]
    public async Task The_oracle_takes_the_cheapest_successful_model_else_the_cheapest_scored_zero()
    {
        var results = await RunAsync(new OraclePolicy(s_evaluated, s_pool.Pricing), 0);

        Assert.Equal(["lucky", "lucky", "mid"], results.Select(r => r.FinalModel));
        Assert.Equal([1.0, 0.0, 1.0], results.Select(r => r.Score));
    }

    [Fact]
    public async Task Cheapest_takes_the_lowest_mean_cost_model()
    {
        var results = await RunAsync(new CheapestPolicy(s_trainStats), 0);

        Assert.All(results, r => Assert.Equal("lucky", r.FinalModel));
    }

    [Fact]
    public async Task Random_draws_depend_on_seed_and_query_only()
    {
        var first = await RunAsync(new RandomPolicy(7), 0);
        var reversed = new List<QueryResult>();
        foreach (var entry in s_evaluated.Entries.Reverse())
        {
            reversed.Insert(0, await new ReplayPolicyRunner(s_pool).RunAsync(entry, new RandomPolicy(7), 0, default));
        }

        Assert.Equal(first.Select(r => r.FinalModel), reversed.Select(r => r.FinalModel));
    }

    [Fact]
    public async Task Random_draws_do_not_depend_on_the_order_models_appear_in_the_log()
    {
        var reordered = EvaluationDataset.Create([.. s_evaluated.Entries], ["mid", "lucky", "accurate"]);
        var reorderedPool = EvaluationPool.FromRecordedCosts(reordered);
        var runner = new ReplayPolicyRunner(reorderedPool);

        var original = await RunAsync(new RandomPolicy(3), 0);
        var picks = new List<string?>();
        foreach (var entry in reordered.Entries)
        {
            picks.Add((await runner.RunAsync(entry, new RandomPolicy(3), 0, default)).FinalModel);
        }

        Assert.Equal(original.Select(r => r.FinalModel), picks);
    }

    [Fact]
    public async Task Random_is_the_mean_of_its_seeded_draws()
    {
        var context = new BaselineContext(s_evaluated, s_pool, s_trainStats, Seed: 5, RandomDraws: 4);
        var random = Assert.Single(BaselinePolicies.Create("random", context));
        var evaluator = new RoutingEvaluator(s_evaluated, s_pool, new ReplayPolicyRunner(s_pool), new EvaluationOptions { BootstrapResamples = 0 });
        double expected = 0;
        foreach (long seed in new long[] { 5, 6, 7, 8 })
        {
            expected += (await RunAsync(new RandomPolicy(seed), 0)).Average(r => r.Score) / 4;
        }

        var report = await evaluator.EvaluateAsync([random], [0], train: null);

        var run = Assert.Single(report.Runs);
        Assert.Equal(("random", 4, s_evaluated.Entries.Count), (run.Summary.Policy, run.Draws, run.Summary.Queries));
        Assert.Equal(expected, run.Summary.Accuracy, 12);
    }

    [Fact]
    public void The_cascade_refuses_a_log_without_responses()
    {
        var bare = EvaluationDataset.Create([.. s_evaluated.Entries.Select(e => e with
        {
            Outcomes = e.Outcomes.ToDictionary(o => o.Key, o => o.Value with { Response = null }),
        })]);
        var context = new BaselineContext(bare, s_pool, s_trainStats);

        var error = Assert.Throws<EvaluationException>(() => BaselinePolicies.Create("cascade", context));

        Assert.Contains("agreement needs responses", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_cheap_reply_agrees_with_nothing_so_the_cascade_escalates()
    {
        var entry = TestLog.Entry("e", "math", ("accurate", 1, 0.010, "42"), ("lucky", 0, 0.001, ""), ("mid", 0, 0.004, ""));
        var cascade = new CascadePolicy("lucky", "mid", "accurate");

        var result = await new ReplayPolicyRunner(s_pool).RunAsync(entry, cascade, 0, default);

        Assert.Equal(("accurate", 1.0), (result.FinalModel, result.Score));
    }

    [Fact]
    public void The_cascade_escalates_to_the_most_accurate_training_model()
    {
        var cascade = CascadePolicy.FromTraining(s_trainStats);

        Assert.Equal("accurate", cascade.Strongest);
        Assert.Equal(["lucky", "mid"], new[] { cascade.FirstCheap, cascade.SecondCheap }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Baselines_that_learn_from_training_refuse_to_run_without_it()
    {
        var context = new BaselineContext(s_evaluated, s_pool, Train: null);

        var error = Assert.Throws<EvaluationException>(() => BaselinePolicies.Create("best-single", context));

        Assert.Contains("--train", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_expands_to_every_single_model_and_every_baseline()
    {
        var context = new BaselineContext(s_evaluated, s_pool, s_trainStats);

        var names = BaselinePolicies.Create(BaselinePolicies.All, context).Select(p => p.Policy.Name);

        Assert.Equal(["accurate", "lucky", "mid", "random", "cheapest", "best-single", "per-task-best", "cascade", "oracle"], names);
    }

    [Fact]
    public void An_unknown_policy_name_lists_the_known_ones()
    {
        var context = new BaselineContext(s_evaluated, s_pool, s_trainStats);

        var error = Assert.Throws<EvaluationException>(() => BaselinePolicies.Create("smartest", context));

        Assert.Contains("per-task-best", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<QueryResult>> RunAsync(XRouter.Policy.Routing.IRoutingPolicy policy, double lambda)
    {
        var runner = new ReplayPolicyRunner(s_pool);
        var results = new List<QueryResult>();
        foreach (var entry in s_evaluated.Entries)
        {
            results.Add(await runner.RunAsync(entry, policy, lambda, default));
        }

        return results;
    }
}

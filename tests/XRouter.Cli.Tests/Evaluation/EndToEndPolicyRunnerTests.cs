using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Evaluation.Baselines;
using XRouter.Policy.Learning;
using XRouter.Cli.Evaluation;
using XRouter.Testing;

namespace XRouter.Cli.Tests.Evaluation;

public sealed class EndToEndPolicyRunnerTests
{
    private static readonly string[] s_policies = ["cheapest", "cascade", "oracle", "random:7", "best-single", "gpt-3.5-turbo-1106"];

    [SharedAssetsFact]
    public async Task End_to_end_results_equal_the_fast_path_on_120_RouterBench_queries()
    {
        var (evaluated, context) = Load(take: 120);
        using var endToEnd = new EndToEndPolicyRunner(context.Pool, evaluated.Entries);
        var fast = new ReplayPolicyRunner(context.Pool);
        var mismatches = new List<string>();
        int compared = 0;

        foreach (string name in s_policies)
        {
            // Fresh instances per path, so no policy state carries from one path to the other.
            var fastPolicy = Assert.Single(BaselinePolicies.Create(name, context)).Policy;
            var e2ePolicy = Assert.Single(BaselinePolicies.Create(name, context)).Policy;
            foreach (var entry in evaluated.Entries)
            {
                var expected = await fast.RunAsync(entry, fastPolicy, 1.0, CancellationToken.None);
                var actual = await endToEnd.RunAsync(entry, e2ePolicy, 1.0, CancellationToken.None);
                compared++;
                if (!Same(expected, actual))
                {
                    mismatches.Add($"{name} {entry.Id}: fast {Describe(expected)} vs end-to-end {Describe(actual)}");
                }
            }
        }

        Assert.Equal(120 * s_policies.Length, compared);
        Assert.Empty(mismatches);
    }

    [SharedAssetsTheory]
    [InlineData("gpt-4-1106-preview", 8.5)]
    [InlineData("gpt-3.5-turbo-1106", 22.5)]
    public async Task With_a_direct_answer_model_the_learned_policy_s_end_to_end_results_equal_the_fast_path(string directAnswerModel, double lambda)
    {
        var (evaluated, context) = Load(take: 120);
        var pool = context.Pool.WithDirectAnswerModel(directAnswerModel);
        using var endToEnd = new EndToEndPolicyRunner(pool, evaluated.Entries);
        var fast = new ReplayPolicyRunner(pool);
        var policy = LearnedRoutingPolicy.LoadDefault();
        var mismatches = new List<string>();
        int direct = 0;

        foreach (var entry in evaluated.Entries)
        {
            var expected = await fast.RunAsync(entry, policy, lambda, CancellationToken.None);
            var actual = await endToEnd.RunAsync(entry, policy, lambda, CancellationToken.None);
            direct += expected.Decision == DecisionKind.Direct ? 1 : 0;
            if (!Same(expected, actual))
            {
                mismatches.Add($"{entry.Id}: fast {Describe(expected)} vs end-to-end {Describe(actual)}");
            }
        }

        Assert.Empty(mismatches);
        Assert.True(direct >= 5, $"only {direct} direct answers");
    }

    private static bool Same(QueryResult a, QueryResult b) =>
        a.QueryId == b.QueryId
        && a.Score == b.Score
        && Math.Abs(a.CostUsd - b.CostUsd) <= 1e-12
        && a.FinalModel == b.FinalModel
        && a.Decision == b.Decision
        // Calls of one turn run concurrently and are recorded as they finish, so compare them as a multiset.
        && a.ModelsCalled.Order(StringComparer.Ordinal).SequenceEqual(b.ModelsCalled.Order(StringComparer.Ordinal));

    private static string Describe(QueryResult r) =>
        $"score {r.Score} cost {r.CostUsd:0.########} final {r.FinalModel} {r.Decision} [{string.Join(",", r.ModelsCalled)}]";

    private static (EvaluationDataset Evaluated, BaselineContext Context) Load(int take)
    {
        string dir = SharedAssets.PathOf("data", "routerbench-subset");
        var test = EvaluationDataset.Create(RouterBenchCsv.ReadFiles(Directory.GetFiles(dir, "*_test.csv").Order(StringComparer.Ordinal)));
        var sample = EvaluationDataset.Create([.. test.Entries.Where((_, i) => i % (test.Entries.Count / take) == 0).Take(take)], test.Models);
        var train = EvaluationDataset.Create(RouterBenchCsv.ReadFiles(Directory.GetFiles(dir, "*_train.csv").Order(StringComparer.Ordinal)), test.Models);
        var pool = EvaluationPool.FromRecordedCosts(train);
        return (sample, new BaselineContext(sample, pool, new PoolStatistics(train, pool.Pricing)));
    }
}

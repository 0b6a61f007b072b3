using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Learning;
using XRouter.Testing;

namespace XRouter.Policy.Tests.Learning;

public sealed class DefaultPolicyCascadeTests
{
    [SharedAssetsFact]
    public async Task On_winogrande_the_default_policy_calls_two_cheap_models_and_escalates_where_their_answers_differ()
    {
        var files = Directory.GetFiles(SharedAssets.PathOf("data", "routerbench-subset"), "*_test.csv").Order(StringComparer.Ordinal);
        var data = EvaluationDataset.Create(RouterBenchCsv.ReadFiles(files));
        var runner = new ReplayPolicyRunner(EvaluationPool.FromRecordedCosts(data));
        var policy = LearnedRoutingPolicy.LoadDefault();
        var winogrande = data.Entries.Where(e => e.Task == "winogrande").ToList();
        const string Cheap = "zero-one-ai/Yi-34B-Chat", Strong = "gpt-4-1106-preview";

        var results = new List<QueryResult>();
        foreach (var entry in winogrande)
        {
            results.Add(await runner.RunAsync(entry, policy, 36.5, CancellationToken.None));
        }

        int escalated = results.Count(r => r.ModelsCalled.Count == 3);
        Assert.All(results, r => Assert.True(r.ModelsCalled.Count >= 2, $"{r.QueryId} called {string.Join(", ", r.ModelsCalled)}"));
        Assert.InRange(escalated, winogrande.Count / 10, winogrande.Count / 2);
        Assert.True(results.Average(r => r.Score) > winogrande.Average(e => e.Outcomes[Cheap].Score) + 0.03, "no better than the cheap model alone");
        Assert.True(results.Average(r => r.CostUsd) < winogrande.Average(e => e.Outcomes[Strong].CostUsd!.Value) / 2, "not cheaper than half the strong model");
    }
}

using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Learning;
using XRouter.Policy.Routing;
using XRouter.Testing;

namespace XRouter.Policy.Tests.Learning;

public sealed class DefaultPolicyTaskRecognitionTests
{
    [SharedAssetsFact]
    public void RouterBench_test_queries_without_their_task_names_are_recognized_as_their_tasks_and_never_as_another()
    {
        var files = Directory.GetFiles(SharedAssets.PathOf("data", "routerbench-subset"), "*_test.csv").Order(StringComparer.Ordinal);
        var test = EvaluationDataset.Create(RouterBenchCsv.ReadFiles(files)).Entries;
        var knowledge = LearnedRoutingPolicy.LoadDefault().Content.Knowledge;

        var recognized = test.Select(e => (e.Task, Recognized: knowledge.Tasks.Recognize(knowledge.Featurizer.Featurize(new RoutingQuery(e.Id, e.Prompt))))).ToList();

        Assert.DoesNotContain(recognized, r => r.Recognized is not null && r.Recognized != r.Task);
        Assert.True(recognized.Count(r => r.Recognized == r.Task) >= 0.9 * test.Count, $"{recognized.Count(r => r.Recognized == r.Task)} of {test.Count} recognized");
    }

    [SharedAssetsFact]
    public async Task ZeroEval_queries_are_like_no_RouterBench_task_and_keep_the_modelled_estimates()
    {
        var log = await RoutingLogJsonl.ReadAsync(SharedAssets.PathOf("data", "zeroeval", "test.jsonl"));
        var knowledge = LearnedRoutingPolicy.LoadDefault().Content.Knowledge;
        var pool = EvaluationPool.FromRecordedCosts(EvaluationDataset.Create(log)).Cards;

        var counted = log.Take(100).Count(e => knowledge.Assess(new RoutingQuery(e.Id, e.Prompt), pool).Pairs.HasCounts);

        Assert.Equal(0, counted);
    }

    [SharedAssetsFact]
    public void A_RouterBench_query_without_its_task_name_is_assessed_with_its_task_s_counted_rates()
    {
        var files = Directory.GetFiles(SharedAssets.PathOf("data", "routerbench-subset"), "*_test.csv").Order(StringComparer.Ordinal);
        var data = EvaluationDataset.Create(RouterBenchCsv.ReadFiles(files));
        var knowledge = LearnedRoutingPolicy.LoadDefault().Content.Knowledge;
        var entry = data.Entries.First(e => e.Task == "winogrande");

        var assessed = knowledge.Assess(new RoutingQuery(entry.Id, entry.Prompt), EvaluationPool.FromRecordedCosts(data).Cards);

        Assert.True(assessed.Pairs.HasCounts);
    }
}

using XRouter.Policy.Evaluation;

namespace XRouter.Policy.Tests.Evaluation;

public sealed class PoolControlTests
{
    // "stray" answered one query of three: in the default pool it would exclude the other two.
    private static readonly XRouter.Policy.Data.RoutingLogEntry[] s_log =
    [
        TestLog.Entry("q1", ("a", 1, 0.1), ("b", 0, 0.2), ("stray", 1, 0.3)),
        TestLog.Entry("q2", ("a", 1, 0.1), ("b", 1, 0.2)),
        TestLog.Entry("q3", ("b", 1, 0.2), ("a", 0, 0.1)),
    ];

    [Fact]
    public void Each_missing_model_says_how_many_queries_it_excludes()
    {
        var dataset = EvaluationDataset.Create(s_log);

        Assert.Equal(new Dictionary<string, int> { ["stray"] = 2 }, dataset.MissingByModel);
        Assert.Equal(2, dataset.ExcludedCount);
    }

    [Fact]
    public void Queries_without_any_pool_outcome_are_counted_apart_from_missing_models()
    {
        var dataset = EvaluationDataset.Create([.. s_log, TestLog.Entry("q4", ("other", 1, 0.1))], pool: ["a", "b"]);

        Assert.Equal((1, 1), (dataset.EmptyCount, dataset.ExcludedCount));
        Assert.Empty(dataset.MissingByModel);
    }

    [Fact]
    public void Excluding_a_model_keeps_the_queries_it_lacks()
    {
        var dataset = EvaluationDataset.Create(s_log, exclude: ["stray"]);

        Assert.Equal(["a", "b"], dataset.Models);
        Assert.Equal(3, dataset.Entries.Count);
    }

    [Fact]
    public void A_named_pool_is_used_in_its_own_order()
    {
        var dataset = EvaluationDataset.Create(s_log, pool: ["b", "a"]);

        Assert.Equal(["b", "a"], dataset.Models);
        Assert.Equal(0, dataset.ExcludedCount);
    }

    [Fact]
    public void Excluding_a_model_the_log_never_mentions_is_an_error()
    {
        var error = Assert.Throws<EvaluationException>(() => EvaluationDataset.Create(s_log, exclude: ["typo"]));

        Assert.Contains("'typo'", error.Message, StringComparison.Ordinal);
    }
}

using XRouter.Policy.Evaluation;

namespace XRouter.Policy.Tests.Evaluation;

public sealed class EvaluationDatasetTests
{
    [Fact]
    public void Queries_lacking_an_outcome_of_a_pool_model_are_excluded_and_counted()
    {
        var log = new[]
        {
            TestLog.Entry("q1", ("a", 1, 0.1), ("b", 0, 0.2)),
            TestLog.Entry("q2", ("a", 1, 0.1)),
            TestLog.Entry("q3", ("b", 1, 0.2), ("a", 0, 0.1)),
        };

        var dataset = EvaluationDataset.Create(log);

        Assert.Equal(["a", "b"], dataset.Models);
        Assert.Equal(["q1", "q3"], dataset.Entries.Select(e => e.Id));
        Assert.Equal(1, dataset.ExcludedCount);
    }

    [Fact]
    public void A_pool_model_absent_from_the_log_is_an_error()
    {
        var error = Assert.Throws<EvaluationException>(() => EvaluationDataset.Create([TestLog.Entry("q1", ("a", 1, 0.1))], ["a", "z"]));

        Assert.Contains("'z'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_cost_without_a_catalog_names_query_and_model()
    {
        var entry = new XRouter.Policy.Data.RoutingLogEntry
        {
            Id = "q1",
            Prompt = "p",
            Outcomes = new Dictionary<string, XRouter.Policy.Data.ModelOutcome> { ["a"] = new() { Score = 1 } },
        };

        var error = Assert.Throws<EvaluationException>(() => new OutcomePricing(null).CostOf(entry.Id, "a", entry.Outcomes["a"]));

        Assert.Contains("Query 'q1', model 'a'", error.Message, StringComparison.Ordinal);
    }
}

using XRouter.Policy.Data;

namespace XRouter.Policy.Tests.Data;

public sealed class StratifiedSampleTests
{
    [Fact]
    public void Each_task_gets_its_proportional_share()
    {
        var log = Log(("a", 60), ("b", 30), ("c", 10));

        var sample = StratifiedSample.Draw(log, 10, seed: 1);

        Assert.Equal([("a", 6), ("b", 3), ("c", 1)], sample.GroupBy(e => e.Task!).Select(g => (g.Key, g.Count())).OrderBy(p => p.Key));
    }

    [Fact]
    public void The_same_seed_draws_the_same_sample_and_another_seed_another()
    {
        var log = Log(("a", 50), ("b", 50));

        var first = StratifiedSample.Draw(log, 10, seed: 13).Select(e => e.Id);
        var again = StratifiedSample.Draw(log, 10, seed: 13).Select(e => e.Id);
        var other = StratifiedSample.Draw(log, 10, seed: 14).Select(e => e.Id);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Only_queries_recording_every_model_are_drawn_and_log_order_is_kept()
    {
        var log = Log(("a", 6)).Select((e, i) => i % 2 == 0 ? e : e with { Outcomes = new Dictionary<string, ModelOutcome> { ["m1"] = e.Outcomes["m1"] } }).ToList();

        var sample = StratifiedSample.Draw(log, 3, seed: 5);

        Assert.Equal(["a/0", "a/2", "a/4"], sample.Select(e => e.Id));
    }

    [Fact]
    public void A_sample_larger_than_the_complete_queries_is_a_clear_error()
    {
        var error = Assert.Throws<RoutingDataException>(() => StratifiedSample.Draw(Log(("a", 4)), 5, seed: 1));

        Assert.Contains("the log has 4", error.Message, StringComparison.Ordinal);
    }

    private static List<RoutingLogEntry> Log(params (string Task, int Count)[] tasks) =>
        [.. tasks.SelectMany(t => Enumerable.Range(0, t.Count).Select(i => new RoutingLogEntry
        {
            Id = $"{t.Task}/{i}",
            Task = t.Task,
            Prompt = $"{t.Task} question {i}",
            Outcomes = new Dictionary<string, ModelOutcome>
            {
                ["m1"] = new() { Score = 1, CostUsd = 0.001 },
                ["m2"] = new() { Score = 0, CostUsd = 0.002 },
            },
        }))];
}

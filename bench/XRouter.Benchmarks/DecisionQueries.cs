using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.Policy.Routing;

namespace XRouter.Benchmarks;

/// <summary>
/// Real routing states for decision-latency measurements: the RouterBench test prompts (../shared) with the default
/// policy's models as the pool, each as a first decision (no reply yet), a second one (two replies in) and a last one
/// (three replies in), with or without its task name.
/// </summary>
internal static class DecisionQueries
{
    public static (RoutingState[] First, RoutingState[] Second, RoutingState[] Third) Load(IReadOnlyList<string> models, double lambda, bool namedTasks = true)
    {
        string folder = FixtureModels.DataPath("routerbench-subset");
        var entries = RouterBenchCsv.ReadFiles(Directory.GetFiles(folder, "*_test.csv").Order(StringComparer.Ordinal));
        var pool = models.Select(m => new ModelCard { Id = m, InputPerMTok = 1, OutputPerMTok = 2 }).ToList();
        var complete = entries.Where(e => models.All(e.Outcomes.ContainsKey)).ToList();
        RoutingState[] After(int replies) => [.. complete.Select(e => new RoutingState(
            new RoutingQuery(e.Id, e.Prompt, namedTasks ? e.Task : null),
            pool,
            [.. models.Take(replies).Select(m => new ModelReply(m, e.Outcomes[m].Response ?? string.Empty))],
            Math.Max(1, replies),
            lambda))];
        return (After(0), After(2), After(3));
    }

    /// <summary>A fresh copy of the state's query, so the policy's per-query cache cannot answer and featurization is measured.</summary>
    public static RoutingState Fresh(RoutingState state) => state with { Query = state.Query with { } };
}

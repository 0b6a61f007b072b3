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
        RoutingState[] After(int replies, int turn) => [.. complete.Select(e => new RoutingState(
            new RoutingQuery(e.Id, e.Prompt, namedTasks ? e.Task : null),
            pool,
            [.. models.Take(replies).Select(m => new ModelReply(m, e.Outcomes[m].Response ?? string.Empty))],
            turn,
            lambda))];
        return (After(replies: 0, turn: 1), After(replies: 2, turn: 2), After(replies: 3, turn: 3));
    }

    /// <summary>A fresh copy of the state's query, so the policy's per-query cache cannot answer and featurization is measured.</summary>
    public static RoutingState Fresh(RoutingState state) => state with { Query = state.Query with { } };
}

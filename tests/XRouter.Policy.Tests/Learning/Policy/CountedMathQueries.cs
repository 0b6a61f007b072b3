using XRouter.Policy.Learning.Success;

namespace XRouter.Policy.Tests.Learning.Policy;

/// <summary>Pair statistics counted on three models and 100 "math" queries: model 0 always right, model 1 on even queries, model 2 never.</summary>
internal static class CountedMathQueries
{
    public const string Task = "math";

    public static PairView View(string? task)
    {
        const int queries = 100;
        var success = Enumerable.Range(0, queries).Select(q => new[] { true, q % 2 == 0, false }).ToList();
        var answers = success.Select(row => row.Select((right, m) => right ? "A" : (string?)("W" + m)).ToArray()).ToList();
        var p = success.Select(row => row.Select(_ => 0.5).ToArray()).ToList();
        return PairStatistics.Fit([.. Enumerable.Repeat<string?>(Task, queries)], p, success, answers).View([0, 1, 2], task, [[0], [1], [2]]);
    }
}

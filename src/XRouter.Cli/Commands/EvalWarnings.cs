using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Evaluation.Baselines;

namespace XRouter.Cli.Commands;

/// <summary>What <c>xrouter eval</c> warns about before it runs: excluded queries, graded scores, leakage, a cascade without replies.</summary>
internal static class EvalWarnings
{
    public static IEnumerable<string> Exclusions(string dataPath, int logCount, EvaluationDataset dataset)
    {
        if (dataset.ExcludedCount == 0)
        {
            yield break;
        }

        var reasons = dataset.MissingByModel
            .GroupBy(m => m.Value)
            .OrderByDescending(g => g.Key)
            .Select(g => g.Count() == 1
                ? $"'{g.First().Key}' is missing on {g.Key}"
                : $"{g.Count()} models are missing on {g.Key} each ({string.Join(", ", g.Select(m => m.Key))})")
            .ToList();
        if (dataset.EmptyCount > 0)
        {
            reasons.Insert(0, $"{dataset.EmptyCount} have no outcome of any pool model");
        }

        yield return $"--data {dataPath}: {dataset.ExcludedCount} of {logCount} queries are excluded for lacking an outcome of a pool model: "
            + string.Join("; ", reasons) + ". Name the pool with --models or leave a model out with --exclude-models.";
    }

    public static IEnumerable<string> GradedScores(IReadOnlyList<RoutingLogEntry> log, bool thresholdGiven)
    {
        int graded = log.Sum(e => e.Outcomes.Values.Count(o => o.Score is > 0 and < 1));
        if (graded > 0 && !thresholdGiven)
        {
            yield return $"the log has {graded} graded scores (strictly between 0 and 1); success and the reward-ranked baselines (best single, per-task best, cascade) count only scores >= 1 as successes. Pass --success-threshold (0 ranks by mean score).";
        }
    }

    public static IEnumerable<string> Leakage(string dataPath, string trainPath, IReadOnlyList<RoutingLogEntry> trainLog, EvaluationDataset dataset)
    {
        if (string.Equals(Path.GetFullPath(trainPath), Path.GetFullPath(dataPath), StringComparison.Ordinal))
        {
            yield return $"--train and --data are the same file ({dataPath}): the baselines choose their models on the evaluated answers.";
            yield break;
        }

        var shared = TrainTestOverlap.SharedPrompts(trainLog, dataset.Entries);
        if (shared.Count > 0)
        {
            yield return $"{shared.Count} evaluated queries have a prompt that is also in --train ({string.Join(", ", shared.Take(5))}{(shared.Count > 5 ? ", ..." : "")}): choices made on training have seen them.";
        }
    }

    public static IEnumerable<string> CascadeWithoutResponses(IEnumerable<EvaluatedPolicy> policies, EvaluationDataset dataset)
    {
        if (policies.Select(p => p.Policy).OfType<CascadePolicy>().FirstOrDefault() is { } cascade && cascade.QueriesWithoutResponses(dataset) is int unanswered and > 0)
        {
            yield return $"{unanswered} evaluated queries record no (or an empty) response of a cascade cheap model; the cascade escalates them to '{cascade.Strongest}'.";
        }
    }
}

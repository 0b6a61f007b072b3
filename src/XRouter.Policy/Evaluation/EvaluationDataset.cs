using XRouter.Policy.Data;

namespace XRouter.Policy.Evaluation;

/// <summary>
/// The queries of a routing log that can be evaluated for a model pool: those with an outcome for every
/// model of the pool. The others are excluded and counted, never silently dropped.
/// </summary>
public sealed class EvaluationDataset
{
    private EvaluationDataset(IReadOnlyList<string> models, IReadOnlyList<RoutingLogEntry> entries, int excluded)
    {
        Models = models;
        Entries = entries;
        ExcludedCount = excluded;
    }

    /// <summary>The model ids of the pool, in the order they first appear in the log.</summary>
    public IReadOnlyList<string> Models { get; }

    /// <summary>The queries with an outcome for every pool model, in log order.</summary>
    public IReadOnlyList<RoutingLogEntry> Entries { get; }

    /// <summary>How many queries of the log lacked an outcome for some pool model.</summary>
    public int ExcludedCount { get; }

    /// <summary>The task key of entries that name no task.</summary>
    public const string NoTask = "(none)";

    /// <summary>The task families of <see cref="Entries"/>, in order of first appearance (entries without one are <see cref="NoTask"/>).</summary>
    public IReadOnlyList<string> Tasks => [.. Entries.Select(TaskOf).Distinct(StringComparer.Ordinal)];

    /// <summary>The task key an entry is grouped under.</summary>
    public static string TaskOf(RoutingLogEntry entry) => entry?.Task ?? NoTask;

    /// <summary>Builds a dataset from a log.</summary>
    /// <param name="log">The routing-log entries.</param>
    /// <param name="pool">The pool's model ids, or null for every model that appears in the log.</param>
    /// <exception cref="EvaluationException">The log is empty, or a named pool model never appears in it.</exception>
    public static EvaluationDataset Create(IReadOnlyList<RoutingLogEntry> log, IReadOnlyList<string>? pool = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        var seen = log.SelectMany(e => e.Outcomes.Keys).Distinct(StringComparer.Ordinal).ToList();
        if (seen.Count == 0)
        {
            throw new EvaluationException("The routing log has no query with a model outcome.");
        }

        var models = pool ?? seen;
        if (models.FirstOrDefault(m => !seen.Contains(m, StringComparer.Ordinal)) is string missing)
        {
            throw new EvaluationException($"Model '{missing}' has no outcome anywhere in the routing log.");
        }

        var complete = log.Where(e => models.All(e.Outcomes.ContainsKey)).ToList();
        return new EvaluationDataset(models, complete, log.Count - complete.Count);
    }
}

using XRouter.Policy.Data;

namespace XRouter.Policy.Evaluation;

/// <summary>
/// The queries of a routing log that can be evaluated for a model pool: those with an outcome for every
/// model of the pool. The others are excluded and counted, per missing model, never silently dropped.
/// </summary>
public sealed class EvaluationDataset
{
    private EvaluationDataset(
        IReadOnlyList<string> models, IReadOnlyList<RoutingLogEntry> entries, int excluded, int empty, IReadOnlyDictionary<string, int> missing)
    {
        Models = models;
        Entries = entries;
        ExcludedCount = excluded;
        EmptyCount = empty;
        MissingByModel = missing;
    }

    /// <summary>The model ids of the pool, in the order they first appear in the log (or as named).</summary>
    public IReadOnlyList<string> Models { get; }

    /// <summary>The queries with an outcome for every pool model, in log order.</summary>
    public IReadOnlyList<RoutingLogEntry> Entries { get; }

    /// <summary>How many queries of the log lacked an outcome for some pool model.</summary>
    public int ExcludedCount { get; }

    /// <summary>How many queries of the log have no outcome of any pool model.</summary>
    public int EmptyCount { get; }

    /// <summary>
    /// Per pool model with missing outcomes, how many queries that have some pool outcome lack this model's (and
    /// are excluded for it): a model that answered few queries stands out.
    /// </summary>
    public IReadOnlyDictionary<string, int> MissingByModel { get; }

    /// <summary>The task key of entries that name no task.</summary>
    public const string NoTask = "(none)";

    /// <summary>The task families of <see cref="Entries"/>, in order of first appearance (entries without one are <see cref="NoTask"/>).</summary>
    public IReadOnlyList<string> Tasks => [.. Entries.Select(TaskOf).Distinct(StringComparer.Ordinal)];

    /// <summary>The task key an entry is grouped under.</summary>
    public static string TaskOf(RoutingLogEntry entry) => entry?.Task ?? NoTask;

    /// <summary>Builds a dataset from a log.</summary>
    /// <param name="log">The routing-log entries.</param>
    /// <param name="pool">The pool's model ids, or null for every model that appears in the log.</param>
    /// <param name="exclude">Model ids to leave out of the pool, or null.</param>
    /// <exception cref="EvaluationException">The log is empty, a named model never appears in it, or no model is left.</exception>
    public static EvaluationDataset Create(IReadOnlyList<RoutingLogEntry> log, IReadOnlyList<string>? pool = null, IReadOnlyList<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        var seen = log.SelectMany(e => e.Outcomes.Keys).Distinct(StringComparer.Ordinal).ToList();
        if (seen.Count == 0)
        {
            throw new EvaluationException("The routing log has no query with a model outcome.");
        }

        foreach (string named in (pool ?? []).Concat(exclude ?? []))
        {
            if (!seen.Contains(named, StringComparer.Ordinal))
            {
                throw new EvaluationException($"Model '{named}' has no outcome anywhere in the routing log (its models: {string.Join(", ", seen)}).");
            }
        }

        var models = (pool ?? seen).Except(exclude ?? [], StringComparer.Ordinal).ToList();
        if (models.Count == 0)
        {
            throw new EvaluationException("Every model of the log is excluded; the pool is empty.");
        }

        var answered = log.Where(e => models.Any(e.Outcomes.ContainsKey)).ToList();
        var missing = models
            .Select(m => (Model: m, Count: answered.Count(e => !e.Outcomes.ContainsKey(m))))
            .Where(m => m.Count > 0)
            .ToDictionary(m => m.Model, m => m.Count, StringComparer.Ordinal);
        var complete = log.Where(e => models.All(e.Outcomes.ContainsKey)).ToList();
        return new EvaluationDataset(models, complete, log.Count - complete.Count, log.Count - answered.Count, missing);
    }
}

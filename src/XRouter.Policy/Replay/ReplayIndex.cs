using XRouter.Policy.Data;

namespace XRouter.Policy.Replay;

/// <summary>Routing-log entries by their exact prompt; entries that share a prompt are kept in log order.</summary>
internal sealed class ReplayIndex
{
    private readonly Dictionary<string, List<RoutingLogEntry>> _byPrompt = new(StringComparer.Ordinal);

    public ReplayIndex(IEnumerable<RoutingLogEntry> log)
    {
        ArgumentNullException.ThrowIfNull(log);
        foreach (var entry in log)
        {
            if (!_byPrompt.TryGetValue(entry.Prompt, out var entries))
            {
                _byPrompt[entry.Prompt] = entries = [];
            }

            entries.Add(entry);
        }

        Models = [.. _byPrompt.Values.SelectMany(e => e).SelectMany(e => e.Outcomes.Keys).Distinct(StringComparer.Ordinal)];
        Count = _byPrompt.Values.Sum(e => e.Count);
    }

    public IReadOnlyList<string> Models { get; }

    public int Count { get; }

    /// <summary>The entry with <paramref name="prompt"/> that recorded <paramref name="modelId"/>, and its outcome.</summary>
    /// <exception cref="RoutingDataException">
    /// No entry has this prompt, none recorded this model for it, or several did with different outcomes (replay
    /// could not tell which one is meant).
    /// </exception>
    public (RoutingLogEntry Entry, ModelOutcome Outcome) Find(string modelId, string prompt)
    {
        if (!_byPrompt.TryGetValue(prompt, out var entries))
        {
            throw new RoutingDataException($"Replay model '{modelId}': no query of the routing log ({Count} queries) has the prompt \"{Shorten(prompt)}\".");
        }

        var recorded = entries.Where(e => e.Outcomes.ContainsKey(modelId)).ToList();
        if (recorded.Count == 0)
        {
            throw new RoutingDataException($"Replay model '{modelId}': query '{entries[0].Id}' has no recorded outcome for this model.");
        }

        var outcome = recorded[0].Outcomes[modelId];
        if (recorded.Skip(1).Any(e => e.Outcomes[modelId] != outcome))
        {
            throw new RoutingDataException(
                $"Replay model '{modelId}': queries {string.Join(", ", recorded.Select(e => $"'{e.Id}'"))} share one prompt but recorded different outcomes; replay cannot tell which is meant.");
        }

        return (recorded[0], outcome);
    }

    private static string Shorten(string text) =>
        text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "...");
}

namespace XRouter.Policy.Data;

/// <summary>
/// A seeded sample of a routing log's complete queries (those recording every model of the log), stratified by
/// task: each task gets its share of the sample in proportion to its complete queries (largest remainders break
/// ties in task order), and within a task the queries are drawn by a seeded shuffle. The sample keeps log order,
/// and the same log, size and seed always give the same sample.
/// </summary>
public static class StratifiedSample
{
    /// <summary>Draws <paramref name="count"/> complete queries of <paramref name="entries"/>.</summary>
    /// <param name="entries">The routing log.</param>
    /// <param name="count">How many queries to draw, from 1 to the number of complete queries.</param>
    /// <param name="seed">The seed of the draw.</param>
    /// <exception cref="RoutingDataException">The log has fewer complete queries than <paramref name="count"/>.</exception>
    public static IReadOnlyList<RoutingLogEntry> Draw(IReadOnlyList<RoutingLogEntry> entries, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var models = entries.SelectMany(e => e.Outcomes.Keys).Distinct(StringComparer.Ordinal).ToList();
        var complete = entries.Select((entry, index) => (entry, index)).Where(e => models.All(e.entry.Outcomes.ContainsKey)).ToList();
        if (complete.Count < count)
        {
            throw new RoutingDataException($"A sample of {count} needs as many complete queries (recording all {models.Count} models); the log has {complete.Count}.");
        }

        var strata = complete.GroupBy(e => e.entry.Task ?? string.Empty, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var random = new Random(seed);
        return [.. Allocate(strata.Select(s => s.Count).ToList(), count)
            .SelectMany((take, stratum) => Shuffled(strata[stratum], random).Take(take))
            .OrderBy(e => e.index)
            .Select(e => e.entry)];
    }

    // Hamilton's method: every stratum gets the floor of its quota, the largest remainders one more each.
    private static int[] Allocate(List<int> sizes, int count)
    {
        int total = sizes.Sum();
        var quotas = sizes.Select(s => (double)s * count / total).ToList();
        var shares = quotas.Select(q => (int)Math.Floor(q)).ToArray();
        foreach (int stratum in Enumerable.Range(0, sizes.Count).OrderByDescending(i => quotas[i] - shares[i]).Take(count - shares.Sum()))
        {
            shares[stratum]++;
        }

        return shares;
    }

    private static List<T> Shuffled<T>(List<T> items, Random random)
    {
        var copy = items.ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(copy));
        return copy;
    }
}

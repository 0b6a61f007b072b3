using XRouter.Policy.Routing;

namespace XRouter.Policy.Evaluation.Baselines;

/// <summary>
/// Sends each query to a pool model drawn uniformly at random. The draw depends only on the seed, the query id
/// and the pool's model ids (taken in ordinal order, not the log's order), so it is the same in any order, on
/// any path, on any run.
/// </summary>
public sealed class RandomPolicy : IRoutingPolicy
{
    private readonly long _seed;
    private string[]? _sortedPool;

    /// <summary>Creates the policy.</summary>
    /// <param name="seed">The seed; the same seed draws the same model for the same query.</param>
    /// <param name="name">The policy's name, or null for <c>random</c> (seed 0) or <c>random:SEED</c>.</param>
    public RandomPolicy(long seed = 0, string? name = null)
    {
        _seed = seed;
        Name = name ?? (seed == 0 ? "random" : $"random:{seed}");
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary><paramref name="count"/> independent draws named <c>random</c>, seeds <paramref name="seed"/> onwards, whose figures are averaged.</summary>
    public static IReadOnlyList<RandomPolicy> Draws(int count, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return [.. Enumerable.Range(0, count).Select(i => new RandomPolicy(seed + i, "random"))];
    }

    /// <inheritdoc/>
    public RoutingStep Decide(RoutingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return OneModelStep.Next(state, () =>
        {
            ulong hash = Fnv1a(state.Query.Id, unchecked((ulong)_seed));
            var pool = SortedPool(state);
            return pool[(int)(hash % (ulong)pool.Length)];
        });
    }

    private string[] SortedPool(RoutingState state)
    {
        var cached = _sortedPool;
        if (cached is null || cached.Length != state.Pool.Count || !state.Pool.All(c => cached.Contains(c.Id, StringComparer.Ordinal)))
        {
            cached = _sortedPool = [.. state.Pool.Select(c => c.Id).Order(StringComparer.Ordinal)];
        }

        return cached;
    }

    // FNV-1a over the id's UTF-16 code units, started from the seed: stable across processes, unlike string.GetHashCode.
    private static ulong Fnv1a(string text, ulong seed)
    {
        ulong hash = 14695981039346656037UL ^ seed;
        foreach (char c in text)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return hash;
    }
}

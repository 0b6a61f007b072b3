using XRouter.Policy.Routing;

namespace XRouter.Policy.Evaluation.Baselines;

/// <summary>
/// Sends each query to a pool model drawn uniformly at random. The draw depends only on the seed and the query
/// id, so it is the same in any order, on any path, on any run.
/// </summary>
public sealed class RandomPolicy : IRoutingPolicy
{
    private readonly long _seed;

    /// <summary>Creates the policy.</summary>
    /// <param name="seed">The seed; the same seed draws the same model for the same query.</param>
    public RandomPolicy(long seed = 0) => _seed = seed;

    /// <inheritdoc/>
    public string Name => _seed == 0 ? "random" : $"random:{_seed}";

    /// <inheritdoc/>
    public RoutingStep Decide(RoutingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return OneModelStep.Next(state, () =>
        {
            ulong hash = Fnv1a(state.Query.Id, unchecked((ulong)_seed));
            return state.Pool[(int)(hash % (ulong)state.Pool.Count)].Id;
        });
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

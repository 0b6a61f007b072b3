using XRouter.Policy.Catalog;

namespace XRouter.Policy.Learning.Environment;

/// <summary>
/// Draws episodes so the policy learns to read the request instead of memorizing the training catalog: half the time
/// a random sub-pool of two or more models, prices scaled per model by a log-uniform factor in [0.5, 2], lambda zero
/// one time in ten and otherwise log-uniform in the training range, and each model posing as one training never saw
/// (its success estimate replaced by its tier's mean) one time in ten. One time in five, when three or more models are
/// offered, one of them is the designated direct-answer model instead of a tool. One time in four the query's task is
/// withheld, so the policy also learns to route requests that name none.
/// </summary>
internal sealed class EpisodeSampler
{
    private const double FullPoolShare = 0.5;
    private const double ZeroLambdaShare = 0.1;
    private const double UnknownShare = 0.1;
    private const double DirectShare = 0.2;
    private const double HiddenTaskShare = 0.25;
    private readonly IReadOnlyList<ModelTier> _tiers;

    public EpisodeSampler(IReadOnlyList<ModelTier> tiers, double lambdaMin, double lambdaMax)
    {
        _tiers = tiers;
        LambdaMin = lambdaMin;
        LambdaMax = lambdaMax;
    }

    public double LambdaMin { get; }

    public double LambdaMax { get; }

    public Episode Draw(RoutingSample sample, Random rng)
    {
        int n = _tiers.Count;
        int[] pool;
        if (rng.NextDouble() < FullPoolShare)
        {
            pool = [.. Enumerable.Range(0, n)];
        }
        else
        {
            var all = Enumerable.Range(0, n).ToArray();
            rng.Shuffle(all);
            pool = [.. all.Take(rng.Next(2, n + 1)).Order()];
        }

        var factors = pool.Select(_ => Math.Exp(Math.Log(0.5) + (rng.NextDouble() * Math.Log(4.0)))).ToArray();
        double lambda = rng.NextDouble() < ZeroLambdaShare
            ? 0
            : Math.Exp(Math.Log(LambdaMin) + (rng.NextDouble() * Math.Log(LambdaMax / LambdaMin)));
        var unknown = pool.Select(_ => rng.NextDouble() < UnknownShare).ToArray();
        bool direct = pool.Length >= 3 && rng.NextDouble() < DirectShare;
        bool hidden = rng.NextDouble() < HiddenTaskShare;
        if (direct)
        {
            // The direct-answer model moves to the last slot.
            int slot = rng.Next(pool.Length);
            (pool[slot], pool[^1]) = (pool[^1], pool[slot]);
            (factors[slot], factors[^1]) = (factors[^1], factors[slot]);
            (unknown[slot], unknown[^1]) = (unknown[^1], unknown[slot]);
        }

        return new Episode(sample, pool, factors, lambda, unknown, direct, hidden);
    }

    /// <summary>The episode of the full pool at the training prices, for validation; with or without the query's task.</summary>
    public static Episode Plain(RoutingSample sample, double lambda, bool taskHidden = false)
    {
        int n = sample.P.Length;
        return new Episode(sample, [.. Enumerable.Range(0, n)], [.. Enumerable.Repeat(1.0, n)], lambda, new bool[n], TaskHidden: taskHidden);
    }

    /// <summary>The success estimate the policy sees for offered model <paramref name="i"/> of <paramref name="episode"/>.</summary>
    public double EstimateOf(Episode episode, int i)
    {
        int model = episode.Pool[i];
        if (!episode.Unknown[i])
        {
            return episode.Sample.P[model];
        }

        return PeersOf(model).Average(m => episode.Sample.P[m]);
    }

    /// <summary>The trained models standing in for pool slot <paramref name="i"/>: itself, or its tier's other models while it poses as unseen.</summary>
    public int[] StandInsOf(Episode episode, int i) => episode.Unknown[i] ? PeersOf(episode.Pool[i]) : [episode.Pool[i]];

    private int[] PeersOf(int model)
    {
        var tier = _tiers[model];
        int[] peers = [.. Enumerable.Range(0, _tiers.Count).Where(m => m != model && tier != ModelTier.Unspecified && _tiers[m] == tier)];
        return peers.Length > 0 ? peers : [.. Enumerable.Range(0, _tiers.Count).Where(m => m != model)];
    }
}

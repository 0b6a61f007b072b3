namespace XRouter.Policy.Evaluation.Metrics;

/// <summary>
/// A seeded nonparametric bootstrap over queries: every resample draws as many queries as there are, with
/// replacement, and the same resamples serve every policy, so differences between policies are paired.
/// Intervals are percentile intervals of the resampled figures.
/// </summary>
public sealed class QueryBootstrap
{
    private readonly int[][] _counts;

    /// <summary>Draws the resamples.</summary>
    /// <param name="queries">How many queries there are, at least 1.</param>
    /// <param name="resamples">How many resamples, at least 1.</param>
    /// <param name="seed">The seed; the same seed draws the same resamples.</param>
    public QueryBootstrap(int queries, int resamples, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var random = new Random(seed);
        _counts = new int[resamples][];
        for (int b = 0; b < resamples; b++)
        {
            var counts = _counts[b] = new int[queries];
            for (int i = 0; i < queries; i++)
            {
                counts[random.Next(queries)]++;
            }
        }

        Queries = queries;
    }

    /// <summary>How many queries each resample draws.</summary>
    public int Queries { get; }

    /// <summary>How many resamples there are.</summary>
    public int Resamples => _counts.Length;

    /// <summary>The mean of <paramref name="perQuery"/> in each resample.</summary>
    /// <param name="perQuery">One value per query, in query order.</param>
    public double[] Means(IReadOnlyList<double> perQuery)
    {
        ArgumentNullException.ThrowIfNull(perQuery);
        if (perQuery.Count != Queries)
        {
            throw new ArgumentException($"Expected {Queries} values, one per query; got {perQuery.Count}.", nameof(perQuery));
        }

        var means = new double[_counts.Length];
        for (int b = 0; b < _counts.Length; b++)
        {
            var counts = _counts[b];
            double sum = 0;
            for (int i = 0; i < counts.Length; i++)
            {
                sum += counts[i] * perQuery[i];
            }

            means[b] = sum / Queries;
        }

        return means;
    }

    /// <summary>The central <paramref name="level"/> percentile interval of resampled figures (linear interpolation between order statistics).</summary>
    /// <param name="replicates">The figure in each resample.</param>
    /// <param name="level">The coverage, in (0, 1). Default 0.95.</param>
    public static ConfidenceInterval Interval(IEnumerable<double> replicates, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(replicates);
        var sorted = replicates.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No resampled figures.", nameof(replicates));
        }

        double tail = (1 - level) / 2;
        return new ConfidenceInterval(Quantile(sorted, tail), Quantile(sorted, 1 - tail));
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((sorted[above] - sorted[below]) * (position - below));
    }
}

namespace XRouter.Policy.Evaluation;

/// <summary>The cost penalties (lambdas) of a sweep, spread where they change decisions for the pool at hand.</summary>
public static class LambdaGrid
{
    /// <summary>
    /// <paramref name="count"/> lambdas: 0 (accuracy only), then log-spaced from a penalty that is 1% of a reward on
    /// the pool's most expensive model to one that takes a whole reward on its cheapest.
    /// </summary>
    /// <param name="count">How many lambdas, at least 1.</param>
    /// <param name="reference">Mean costs per model (the training queries when there are some).</param>
    public static IReadOnlyList<double> Sweep(int count, PoolStatistics reference)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(reference);
        var costs = reference.Models.Select(m => reference.MeanCost(m)).Where(c => c > 0).ToList();
        if (count == 1 || costs.Count == 0)
        {
            return [0.0];
        }

        double low = 0.01 / costs.Max();
        double high = Math.Max(1.0 / costs.Min(), low * 10);
        int steps = count - 1;
        return [0.0, .. Enumerable.Range(0, steps).Select(i => steps == 1 ? low : low * Math.Pow(high / low, i / (double)(steps - 1)))];
    }
}

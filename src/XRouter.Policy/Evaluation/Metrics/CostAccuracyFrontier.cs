namespace XRouter.Policy.Evaluation.Metrics;

/// <summary>
/// The non-decreasing convex hull of (cost, accuracy) points, as RouterBench defines it: the best accuracy reachable
/// at each cost by mixing operating points, which never falls as the budget grows.
/// </summary>
public sealed class CostAccuracyFrontier
{
    private readonly (double Cost, double Accuracy)[] _hull;

    /// <summary>Builds the frontier of <paramref name="points"/>.</summary>
    /// <param name="points">Operating points (cost, accuracy), at least one, all finite.</param>
    public CostAccuracyFrontier(IEnumerable<(double Cost, double Accuracy)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var sorted = points.OrderBy(p => p.Cost).ThenByDescending(p => p.Accuracy).ToList();
        if (sorted.Count == 0 || sorted.Any(p => !double.IsFinite(p.Cost) || !double.IsFinite(p.Accuracy)))
        {
            throw new ArgumentException("A frontier needs at least one point, and every point must be finite.", nameof(points));
        }

        var hull = new List<(double Cost, double Accuracy)>();
        foreach (var p in sorted)
        {
            if (hull.Count > 0 && p.Accuracy <= hull[^1].Accuracy)
            {
                continue;
            }

            // Drop the last hull point while it lies on or under the chord from its predecessor to p (keeps it concave).
            while (hull.Count >= 2 && Cross(hull[^2], hull[^1], p) >= 0)
            {
                hull.RemoveAt(hull.Count - 1);
            }

            hull.Add(p);
        }

        _hull = [.. hull];
    }

    /// <summary>The hull's vertices, by increasing cost and accuracy.</summary>
    public IReadOnlyList<(double Cost, double Accuracy)> Points => _hull;

    /// <summary>The best accuracy reachable at <paramref name="cost"/>: 0 below the cheapest point, flat after the last.</summary>
    public double AccuracyAt(double cost)
    {
        if (cost < _hull[0].Cost)
        {
            return 0;
        }

        for (int i = 1; i < _hull.Length; i++)
        {
            if (cost <= _hull[i].Cost)
            {
                var (a, b) = (_hull[i - 1], _hull[i]);
                return a.Accuracy + ((b.Accuracy - a.Accuracy) * (cost - a.Cost) / (b.Cost - a.Cost));
            }
        }

        return _hull[^1].Accuracy;
    }

    /// <summary>The least cost at which the frontier reaches <paramref name="accuracy"/> (interpolated), or null when it never does.</summary>
    public double? CostAt(double accuracy)
    {
        if (accuracy <= _hull[0].Accuracy)
        {
            return _hull[0].Cost;
        }

        for (int i = 1; i < _hull.Length; i++)
        {
            if (accuracy <= _hull[i].Accuracy)
            {
                var (a, b) = (_hull[i - 1], _hull[i]);
                return a.Cost + ((b.Cost - a.Cost) * (accuracy - a.Accuracy) / (b.Accuracy - a.Accuracy));
            }
        }

        return null;
    }

    /// <summary>
    /// The area under the frontier over [<paramref name="costMin"/>, <paramref name="costMax"/>], divided by the
    /// range's width: RouterBench's AIQ when the range is the pool's cost range.
    /// </summary>
    public double NormalizedArea(double costMin, double costMax)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(costMax, costMin);
        var xs = _hull.Select(p => p.Cost).Where(c => c > costMin && c < costMax).Prepend(costMin).Append(costMax).ToList();
        double area = 0;
        for (int i = 1; i < xs.Count; i++)
        {
            // Below the cheapest point the frontier is 0: a step, not a ramp.
            double left = Math.Max(xs[i - 1], _hull[0].Cost);
            double right = xs[i];
            if (right <= left)
            {
                continue;
            }

            area += (right - left) * (AccuracyAt(left) + AccuracyAt(right)) / 2;
        }

        return area / (costMax - costMin);
    }

    private static double Cross((double X, double Y) o, (double X, double Y) a, (double X, double Y) b) =>
        ((a.X - o.X) * (b.Y - o.Y)) - ((a.Y - o.Y) * (b.X - o.X));
}

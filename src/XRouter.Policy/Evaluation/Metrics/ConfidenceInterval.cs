namespace XRouter.Policy.Evaluation.Metrics;

/// <summary>A two-sided interval for a measured figure.</summary>
/// <param name="Low">The lower bound.</param>
/// <param name="High">The upper bound.</param>
public sealed record ConfidenceInterval(double Low, double High)
{
    /// <summary>Whether <paramref name="value"/> lies within the interval, bounds included.</summary>
    public bool Contains(double value) => value >= Low && value <= High;
}

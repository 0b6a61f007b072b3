namespace XRouter.Policy.Evaluation.Metrics;

/// <summary>RouteLLM's strong/weak metrics of every policy, against a named strong and weak model.</summary>
/// <param name="Strong">The strong model.</param>
/// <param name="Weak">The weak model.</param>
/// <param name="ByPolicy">The metrics per policy.</param>
public sealed record StrongWeakReport(string Strong, string Weak, IReadOnlyDictionary<string, StrongWeakMetrics> ByPolicy);

/// <summary>
/// How much of the strong model's advantage over the weak one a policy recovers (PGR = (accuracy - weak) /
/// (strong - weak)) for the share of queries it sends to the strong model.
/// </summary>
/// <param name="Apgr">The average performance gap recovered: the area under PGR over the strong-call share in [0, 1].</param>
/// <param name="Cpt50">The strong-call share needed to recover 50% of the gap, or null when never reached.</param>
/// <param name="Cpt80">The same for 80%.</param>
/// <param name="Cpt95">The same for 95%.</param>
public sealed record StrongWeakMetrics(double Apgr, double? Cpt50, double? Cpt80, double? Cpt95)
{
    /// <summary>
    /// The metrics of a policy's operating points (strong-call share, PGR), on the non-decreasing hull that also
    /// contains all-weak (0, 0) and all-strong (1, 1), which any threshold router reaches at its extremes.
    /// </summary>
    public static StrongWeakMetrics Of(IEnumerable<(double StrongShare, double Pgr)> points)
    {
        var frontier = new CostAccuracyFrontier(points.Append((0, 0)).Append((1, 1)));
        return new StrongWeakMetrics(frontier.NormalizedArea(0, 1), frontier.CostAt(0.5), frontier.CostAt(0.8), frontier.CostAt(0.95));
    }
}

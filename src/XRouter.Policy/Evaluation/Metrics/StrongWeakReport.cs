namespace XRouter.Policy.Evaluation.Metrics;

/// <summary>RouteLLM's strong/weak metrics of every policy, against a named strong and weak model.</summary>
/// <param name="Strong">The strong model.</param>
/// <param name="Weak">The weak model.</param>
/// <param name="StrongAccuracy">The strong model's accuracy on the evaluated queries.</param>
/// <param name="WeakAccuracy">The weak model's accuracy on the evaluated queries.</param>
/// <param name="ByPolicy">The metrics per policy.</param>
public sealed record StrongWeakReport(
    string Strong, string Weak, double StrongAccuracy, double WeakAccuracy, IReadOnlyDictionary<string, StrongWeakMetrics> ByPolicy);

/// <summary>
/// RouteLLM's metrics of a policy's operating points (share of queries that called the strong model, accuracy),
/// computed as RouteLLM's <c>evaluate.py</c> does: on the policy's own points sorted by strong share, with no
/// hull and no added end points. All are null for a policy with fewer than two distinct strong shares.
/// </summary>
/// <param name="Apgr">
/// The average performance gap recovered: (trapezoid area under accuracy over strong share - the weak model's
/// accuracy x the covered share range) / ((strong - weak accuracy) x that range).
/// </param>
/// <param name="Cpt50">The strong share at which the curve first reaches 50% of the gap (linear interpolation), or null when it never does.</param>
/// <param name="Cpt80">The same for 80%.</param>
/// <param name="Cpt95">The same for 95%.</param>
public sealed record StrongWeakMetrics(double? Apgr, double? Cpt50, double? Cpt80, double? Cpt95)
{
    /// <summary>The metrics of <paramref name="points"/> against the weak and strong models' accuracies.</summary>
    /// <param name="points">The policy's (strong share in [0, 1], accuracy) points.</param>
    /// <param name="weakAccuracy">The weak model's accuracy.</param>
    /// <param name="strongAccuracy">The strong model's accuracy, above the weak one's.</param>
    public static StrongWeakMetrics Of(IEnumerable<(double StrongShare, double Accuracy)> points, double weakAccuracy, double strongAccuracy)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(strongAccuracy, weakAccuracy);
        var curve = points.OrderBy(p => p.StrongShare).ThenBy(p => p.Accuracy).ToArray();
        double range = curve.Length == 0 ? 0 : curve[^1].StrongShare - curve[0].StrongShare;
        if (range <= 0)
        {
            return new StrongWeakMetrics(null, null, null, null);
        }

        double area = 0;
        for (int i = 1; i < curve.Length; i++)
        {
            area += (curve[i].StrongShare - curve[i - 1].StrongShare) * (curve[i].Accuracy + curve[i - 1].Accuracy) / 2;
        }

        double gap = strongAccuracy - weakAccuracy;
        double? Cpt(double share) => ShareReaching(curve, weakAccuracy + (share * gap));
        return new StrongWeakMetrics((area - (weakAccuracy * range)) / (gap * range), Cpt(0.5), Cpt(0.8), Cpt(0.95));
    }

    private static double? ShareReaching((double StrongShare, double Accuracy)[] curve, double target)
    {
        if (curve[0].Accuracy >= target)
        {
            return curve[0].StrongShare;
        }

        for (int i = 1; i < curve.Length; i++)
        {
            if (curve[i].Accuracy >= target)
            {
                var (a, b) = (curve[i - 1], curve[i]);
                return a.StrongShare + ((b.StrongShare - a.StrongShare) * (target - a.Accuracy) / (b.Accuracy - a.Accuracy));
            }
        }

        return null;
    }
}

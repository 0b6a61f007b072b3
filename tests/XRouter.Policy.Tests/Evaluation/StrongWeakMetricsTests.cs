using XRouter.Policy.Evaluation.Metrics;

namespace XRouter.Policy.Tests.Evaluation;

public sealed class StrongWeakMetricsTests
{
    // Weak 0.5, strong 0.9; a 4-point curve (strong share, accuracy).
    private static readonly (double, double)[] s_curve = [(0, 0.5), (0.25, 0.7), (0.5, 0.8), (1, 0.9)];

    [Fact]
    public void Apgr_is_the_trapezoid_area_over_the_policys_own_points_minus_the_weak_baseline_over_the_gap()
    {
        // Area = 0.25 * 0.6 + 0.25 * 0.75 + 0.5 * 0.85 = 0.7625; (0.7625 - 0.5 * 1) / (0.4 * 1) = 0.65625.
        var metrics = StrongWeakMetrics.Of(s_curve, weakAccuracy: 0.5, strongAccuracy: 0.9);

        Assert.Equal(0.65625, metrics.Apgr!.Value, 12);
    }

    [Fact]
    public void Cpt_interpolates_the_strong_share_on_the_raw_curve()
    {
        // 50% of the gap = 0.7 (reached at 0.25); 80% = 0.82 and 95% = 0.88, both between (0.5, 0.8) and (1, 0.9).
        var metrics = StrongWeakMetrics.Of(s_curve, weakAccuracy: 0.5, strongAccuracy: 0.9);

        Assert.Equal(0.25, metrics.Cpt50!.Value, 12);
        Assert.Equal(0.6, metrics.Cpt80!.Value, 12);
        Assert.Equal(0.9, metrics.Cpt95!.Value, 12);
    }

    [Fact]
    public void A_policy_no_better_than_the_weak_model_gets_no_gap_recovered()
    {
        // The old hull with (0, 0) and (1, 1) added gave every such policy APGR 0.5.
        var metrics = StrongWeakMetrics.Of([(0.1, 0.5), (0.6, 0.5)], weakAccuracy: 0.5, strongAccuracy: 0.9);

        Assert.Equal(0.0, metrics.Apgr!.Value, 12);
        Assert.Null(metrics.Cpt50);
    }

    [Fact]
    public void One_operating_point_leaves_every_metric_undefined()
    {
        var metrics = StrongWeakMetrics.Of([(0.3, 0.8)], weakAccuracy: 0.5, strongAccuracy: 0.9);

        Assert.Equal(new StrongWeakMetrics(null, null, null, null), metrics);
    }

    [Fact]
    public void The_range_is_the_policys_own_so_a_partial_curve_is_averaged_over_what_it_covers()
    {
        // PGR 0.5 at share 0.2 and 1.0 at share 0.4: the mean gap recovered over [0.2, 0.4] is 0.75.
        var metrics = StrongWeakMetrics.Of([(0.2, 0.7), (0.4, 0.9)], weakAccuracy: 0.5, strongAccuracy: 0.9);

        Assert.Equal(0.75, metrics.Apgr!.Value, 12);
    }
}

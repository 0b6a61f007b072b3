using XRouter.Policy.Evaluation.Metrics;

namespace XRouter.Policy.Tests.Evaluation;

public sealed class CostAccuracyFrontierTests
{
    [Fact]
    public void The_hull_drops_dominated_points_and_points_under_a_chord()
    {
        // (2, 0.5) is under the chord from (1, 0.4) to (3, 0.9); (4, 0.8) is dominated by (3, 0.9).
        var frontier = new CostAccuracyFrontier([(1, 0.4), (2, 0.5), (3, 0.9), (4, 0.8)]);

        Assert.Equal([(1.0, 0.4), (3.0, 0.9)], frontier.Points);
    }

    [Fact]
    public void Accuracy_is_zero_below_the_cheapest_point_interpolated_between_and_flat_after()
    {
        var frontier = new CostAccuracyFrontier([(1, 0.4), (3, 0.8)]);

        Assert.Equal(0.0, frontier.AccuracyAt(0.5));
        Assert.Equal(0.6, frontier.AccuracyAt(2), 12);
        Assert.Equal(0.8, frontier.AccuracyAt(10));
    }

    [Fact]
    public void The_cost_of_an_accuracy_is_interpolated_and_null_when_out_of_reach()
    {
        var frontier = new CostAccuracyFrontier([(1, 0.4), (3, 0.8)]);

        Assert.Equal(2.0, frontier.CostAt(0.6)!.Value, 12);
        Assert.Null(frontier.CostAt(0.9));
    }

    [Fact]
    public void The_normalized_area_counts_nothing_below_the_cheapest_point()
    {
        // Over [0, 4]: nothing on [0, 1), a ramp from 0.4 to 0.8 on [1, 3] (area 1.2), 0.8 flat on [3, 4] (0.8).
        var frontier = new CostAccuracyFrontier([(1, 0.4), (3, 0.8)]);

        Assert.Equal(2.0 / 4, frontier.NormalizedArea(0, 4), 12);
    }

    [Fact]
    public void A_single_point_scores_its_accuracy_over_the_part_of_the_range_it_can_afford()
    {
        var frontier = new CostAccuracyFrontier([(1, 0.5)]);

        Assert.Equal(0.5 * 3 / 4, frontier.NormalizedArea(0, 4), 12);
    }
}

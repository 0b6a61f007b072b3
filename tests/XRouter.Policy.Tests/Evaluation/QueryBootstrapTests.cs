using XRouter.Policy.Evaluation.Metrics;

namespace XRouter.Policy.Tests.Evaluation;

public sealed class QueryBootstrapTests
{
    [Fact]
    public void Intervals_of_a_known_mean_cover_it_about_95_percent_of_the_time()
    {
        // 400 synthetic experiments of 150 Bernoulli(0.3) scores each; a 95% interval should miss 0.3 about 20 times.
        var random = new Random(11);
        int covered = 0;
        const int experiments = 400;
        for (int i = 0; i < experiments; i++)
        {
            double[] scores = [.. Enumerable.Range(0, 150).Select(_ => random.NextDouble() < 0.3 ? 1.0 : 0.0)];
            var interval = QueryBootstrap.Interval(new QueryBootstrap(scores.Length, 500, seed: i).Means(scores));
            covered += interval.Contains(0.3) ? 1 : 0;
        }

        double coverage = covered / (double)experiments;
        Assert.InRange(coverage, 0.91, 0.98);
    }

    [Fact]
    public void The_same_seed_draws_the_same_resamples()
    {
        double[] values = [1, 2, 3, 4, 5];

        Assert.Equal(new QueryBootstrap(5, 50, seed: 1).Means(values), new QueryBootstrap(5, 50, seed: 1).Means(values));
    }

    [Fact]
    public void The_percentile_interval_interpolates_between_order_statistics()
    {
        var interval = QueryBootstrap.Interval(Enumerable.Range(0, 101).Select(i => (double)i));

        Assert.Equal(2.5, interval.Low, 9);
        Assert.Equal(97.5, interval.High, 9);
    }
}

using XRouter.Policy.Evaluation;

namespace XRouter.Policy.Tests.Evaluation;

public sealed class LambdaGridTests
{
    [Fact]
    public void A_sweep_starts_at_zero_and_rises_to_a_penalty_that_takes_a_whole_reward_on_the_cheapest_model()
    {
        var data = EvaluationDataset.Create([TestLog.Entry("q", ("cheap", 1, 0.001), ("dear", 1, 0.1))]);
        var stats = new PoolStatistics(data, EvaluationPool.FromRecordedCosts(data).Pricing);

        var lambdas = LambdaGrid.Sweep(20, stats);

        Assert.Equal(20, lambdas.Count);
        Assert.Equal(0, lambdas[0]);
        Assert.Equal(lambdas.Order(), lambdas);
        Assert.Equal(1 / 0.001, lambdas[^1], 6);
    }
}

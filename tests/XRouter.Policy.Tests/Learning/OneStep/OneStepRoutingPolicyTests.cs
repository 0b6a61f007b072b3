using XRouter.Policy.Catalog;
using XRouter.Policy.Learning.OneStep;
using XRouter.Policy.Learning.Success;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Tests.Learning.OneStep;

public sealed class OneStepRoutingPolicyTests
{
    private static readonly ModelCard[] Pool =
    [
        new() { Id = "dear", InputPerMTok = 30, OutputPerMTok = 60 },
        new() { Id = "middling", InputPerMTok = 3, OutputPerMTok = 6 },
        new() { Id = "cheap", InputPerMTok = 0.3, OutputPerMTok = 0.6 },
    ];

    [Fact]
    public void A_penalty_past_every_models_cap_routes_to_the_cheapest()
    {
        var policy = Policy(p: [0.9, 0.7, 0.5], cost: [0.01, 0.001, 0.0001]);

        var step = policy.Decide(new RoutingState(new RoutingQuery("q", "prompt"), Pool, [], 1, 1e9));

        Assert.Equal(new RoutingStep.Route("cheap"), step);
    }

    [Fact]
    public void Without_a_penalty_the_likeliest_model_wins_whatever_it_costs()
    {
        var policy = Policy(p: [0.9, 0.7, 0.5], cost: [0.01, 0.001, 0.0001]);

        var step = policy.Decide(new RoutingState(new RoutingQuery("q", "prompt"), Pool, [], 1, 0));

        Assert.Equal(new RoutingStep.Route("dear"), step);
    }

    private static OneStepRoutingPolicy Policy(double[] p, double[] cost)
    {
        var pairs = PairStatistics.Independent(p.Length).View([0, 1, 2], null, [[0], [1], [2]]);
        return new OneStepRoutingPolicy("test", (_, _) => new PoolAssessment(p, cost, [1, 1, 1], pairs), maxPenalty: 1.0);
    }
}

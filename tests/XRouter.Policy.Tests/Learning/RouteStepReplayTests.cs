using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Learning;
using XRouter.Policy.Learning.Policy;
using XRouter.Policy.Learning.Training;
using XRouter.Policy.Routing;
using XRouter.Testing;

namespace XRouter.Policy.Tests.Learning;

public sealed class RouteStepReplayTests
{
    [SharedAssetsTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Route_steps_end_every_routerbench_query_as_calling_and_then_selecting_would(bool cascadeStart)
    {
        var files = Directory.GetFiles(SharedAssets.PathOf("data", "routerbench-subset"), "*_test.csv").Order(StringComparer.Ordinal);
        var data = EvaluationDataset.Create(RouterBenchCsv.ReadFiles(files));
        var runner = new ReplayPolicyRunner(EvaluationPool.FromRecordedCosts(data));
        var policy = LearnedRoutingPolicy.LoadDefault();
        if (cascadeStart)
        {
            // Training's starting weights call pairs and escalate after disagreement, so later turns route too.
            policy = new LearnedRoutingPolicy(policy.Content with { Scorer = new LinearActionScorer(DapoLoop.InitialWeights()) }, "cascade-start");
        }

        var unrouted = new Unrouted(policy);
        var differences = new List<string>();

        foreach (double lambda in new[] { 0.0, 12, 23, 60 })
        {
            foreach (var entry in data.Entries.Where((_, i) => i % 3 == 0))
            {
                var routed = await runner.RunAsync(entry, policy, lambda, CancellationToken.None);
                var stepwise = await runner.RunAsync(entry, unrouted, lambda, CancellationToken.None);
                if ((routed.Score, routed.CostUsd, routed.FinalModel) != (stepwise.Score, stepwise.CostUsd, stepwise.FinalModel))
                {
                    differences.Add($"{entry.Id} at lambda {lambda}");
                }
            }
        }

        Assert.Empty(differences);
        Assert.True(unrouted.Routes > 100, $"only {unrouted.Routes} route steps");
        Assert.True(!cascadeStart || unrouted.LaterRoutes > 10, $"only {unrouted.LaterRoutes} route steps after replies");
    }

    // The same policy with each route step split into a call and, on the next turn, whatever the policy then decides.
    private sealed class Unrouted(LearnedRoutingPolicy inner) : IRoutingPolicy
    {
        public int Routes { get; private set; }

        public int LaterRoutes { get; private set; }

        public string Name => inner.Name;

        public RoutingStep Decide(RoutingState state)
        {
            var step = inner.Decide(state);
            if (step is RoutingStep.Route route)
            {
                Routes++;
                LaterRoutes += state.Replies.Count > 0 ? 1 : 0;
                return new RoutingStep.CallModels([route.ModelId]);
            }

            return step;
        }
    }
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using XRouter.Policy.Learning;
using XRouter.Policy.Routing;

namespace XRouter.Benchmarks;

/// <summary>
/// Decision latency of the default learned policy, featurization included: one decision per operation on the
/// RouterBench test prompts in turn (a fresh query each time, so nothing is cached), first turn, after two replies and after three.
/// </summary>
[Config(typeof(PercentileConfig))]
[MemoryDiagnoser]
public class LearnedPolicyDecisionBenchmarks
{
    private LearnedRoutingPolicy _policy = null!;
    private RoutingState[] _first = [];
    private RoutingState[] _second = [];
    private RoutingState[] _third = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _policy = LearnedRoutingPolicy.LoadDefault();
        (_first, _second, _third) = DecisionQueries.Load(_policy.TrainedModels, lambda: 20);
    }

    [Benchmark]
    public RoutingStep FirstDecision() => _policy.Decide(DecisionQueries.Fresh(_first[_next++ % _first.Length]));

    [Benchmark]
    public RoutingStep DecisionAfterTwoReplies() => _policy.Decide(DecisionQueries.Fresh(_second[_next++ % _second.Length]));

    [Benchmark]
    public RoutingStep DecisionAfterThreeReplies() => _policy.Decide(DecisionQueries.Fresh(_third[_next++ % _third.Length]));

    private sealed class PercentileConfig : ManualConfig
    {
        public PercentileConfig() => AddColumn(StatisticColumn.P50, StatisticColumn.P95, StatisticColumn.P100);
    }
}

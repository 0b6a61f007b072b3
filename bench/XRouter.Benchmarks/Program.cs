using BenchmarkDotNet.Running;
using XRouter.Benchmarks;

// "overhead" and "routing-overhead" run the interleaved comparisons, "decision-latency" times every learned-policy
// decision; anything else goes to BenchmarkDotNet.
if (args is ["overhead"])
{
    InterleavedOverhead.Run();
}
else if (args is ["routing-overhead"])
{
    await XRouter.Benchmarks.Routing.InterleavedRoutingOverhead.RunAsync();
}
else if (args is ["decision-latency"])
{
    DecisionLatency.Run();
}
else
{
    BenchmarkSwitcher.FromAssembly(typeof(DecoderLoopBenchmarks).Assembly).Run(args);
}

using BenchmarkDotNet.Running;
using XRouter.Benchmarks;

// "overhead" runs the interleaved A/B comparison, "decision-latency" times every learned-policy decision;
// anything else goes to BenchmarkDotNet.
if (args is ["overhead"])
{
    InterleavedOverhead.Run();
}
else if (args is ["decision-latency"])
{
    DecisionLatency.Run();
}
else
{
    BenchmarkSwitcher.FromAssembly(typeof(DecoderLoopBenchmarks).Assembly).Run(args);
}

using BenchmarkDotNet.Running;
using XRouter.Benchmarks;

// "overhead" runs the interleaved A/B comparison; anything else goes to BenchmarkDotNet.
if (args is ["overhead"])
{
    InterleavedOverhead.Run();
}
else
{
    BenchmarkSwitcher.FromAssembly(typeof(DecoderLoopBenchmarks).Assembly).Run(args);
}

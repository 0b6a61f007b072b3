using BenchmarkDotNet.Running;
using XRouter.Benchmarks;

// "overhead" and "routing-overhead" run the interleaved comparisons; anything else goes to BenchmarkDotNet.
if (args is ["overhead"])
{
    InterleavedOverhead.Run();
}
else if (args is ["alloc-probe", var which])
{
    await XRouter.Benchmarks.Routing.AllocProbe.RunAsync(which == "bare");
}
else if (args is ["routing-overhead"])
{
    await XRouter.Benchmarks.Routing.InterleavedRoutingOverhead.RunAsync();
}
else
{
    BenchmarkSwitcher.FromAssembly(typeof(DecoderLoopBenchmarks).Assembly).Run(args);
}

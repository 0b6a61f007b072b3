using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace XRouter.Benchmarks.Routing;

/// <summary>
/// Per-request cost of orchestration: a direct model call, SK's bare function-calling loop, and XRouter, with the
/// same in-process router script and model. XRouter minus the bare loop is what XRouter adds.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class RoutingOverheadBenchmarks
{
    private RoutingScenario _scenario = null!;

    [GlobalSetup]
    public void Setup()
    {
        _scenario = new RoutingScenario();
        _scenario.VerifyAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "direct model call")]
    public Task Direct() => _scenario.DirectAsync();

    [Benchmark(Description = "SK bare loop")]
    public Task BareLoop() => _scenario.BareLoopAsync();

    [Benchmark(Description = "XRouter")]
    public Task XRouter() => _scenario.XRouterAsync();

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithWarmupCount(5).WithIterationCount(25).WithToolchain(InProcessEmitToolchain.Instance));
            AddColumn(StatisticColumn.P95);
        }
    }
}

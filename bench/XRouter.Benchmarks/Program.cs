using System.Globalization;
using BenchmarkDotNet.Running;
using XRouter.Benchmarks;
using XRouter.Benchmarks.Routing;

// "router" and "routing-overhead" run the interleaved comparisons, "decision-latency" times every learned-policy
// decision; anything else goes to BenchmarkDotNet.
if (args is ["router", ..])
{
    // router [MODEL_DIR] [--rounds N] [--tokens N] [--max-length N]: the interleaved local-router measurements.
    string folder = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : FixtureModels.PathOf("qwen2-tiny-genai");
    int maxLength = Arg("--max-length", 0);
    RouterDecoding.Run(folder, Arg("--rounds", 30), Arg("--tokens", 64), maxLength > 0 ? maxLength : null);
}
else if (args is ["alloc-probe", var which])
{
    await AllocProbe.RunAsync(which == "bare");
}
else if (args is ["routing-overhead"])
{
    await InterleavedRoutingOverhead.RunAsync();
}
else if (args is ["decision-latency", ..])
{
    // decision-latency [--no-task]: without task names, as most live requests come (the task recognizer's path).
    DecisionLatency.Run(namedTasks: !args.Contains("--no-task"));
}
else
{
    BenchmarkSwitcher.FromAssembly(typeof(RoutingOverheadBenchmarks).Assembly).Run(args);
}

return 0;

int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

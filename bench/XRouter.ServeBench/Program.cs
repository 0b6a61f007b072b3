// Load benchmark of `xrouter serve` against the same loopback upstream stub, side by side with direct calls to the
// stub and with a peer gateway (Portkey) proxying to it. Load comes from `hey` (Debian package), one process per
// run, so the load generator never shares a runtime with the servers. Targets are interleaved round by round so that
// load from other processes on the machine hits every target alike. See docs/BENCHMARKS.md for the figures.
using System.Diagnostics;
using System.Globalization;
using XRouter.ServeBench;

var settings = BenchSettings.Parse(args);
await using var targets = await BenchTargets.StartAsync(settings);
if (args.Contains("--hold"))
{
    // Keep the targets up for manual requests (curl) until killed.
    Console.WriteLine($"stub {targets.StubUrl}  xrouter {targets.XRouterUrl}");
    await Task.Delay(Timeout.Infinite);
}

Console.WriteLine($"load average at start: {LoadAverage()}");
Console.WriteLine($"stub {targets.StubUrl}  xrouter {targets.XRouterUrl}  portkey {(targets.HasPortkey ? BenchTargets.PortkeyUrl : "not started (pass --portkey DIR)")}");

// Warm-up: JIT, connection pools and the gateways' first-request paths, outside the measured runs.
foreach (var target in targets.LoadTargets)
{
    await Hey.RunAsync(target, 4, TimeSpan.FromSeconds(2));
}

var rows = new List<LoadResult>();
foreach (int concurrency in settings.Concurrency)
{
    for (int round = 0; round < settings.Rounds; round++)
    {
        var order = targets.LoadTargets.ToList();
        // Rotate the order every round: no target always runs first, right after a pause, or last.
        for (int i = 0; i < round % order.Count; i++)
        {
            order.Add(order[0]);
            order.RemoveAt(0);
        }

        foreach (var target in order)
        {
            var result = await Hey.RunAsync(target, concurrency, settings.Duration);
            rows.Add(result);
            Console.WriteLine($"  c={concurrency,-3} round {round + 1} {target.Name,-28} {result.RequestsPerSecond,9:0} req/s  p50 {result.P50Ms,7:0.000} ms  p99 {result.P99Ms,7:0.000} ms  non-2xx {result.Errors}");
        }
    }
}

Console.WriteLine();
Console.WriteLine($"load average after load runs: {LoadAverage()}");
Console.WriteLine();
Console.WriteLine("| target | concurrency | req/s | p50 ms | p99 ms | added p50 ms | added p99 ms |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var group in rows.GroupBy(r => (r.Concurrency, r.Target)))
{
    var direct = rows.Where(r => r.Concurrency == group.Key.Concurrency && r.Target == BenchTargets.DirectName).ToList();
    double rps = Median(group.Select(r => r.RequestsPerSecond));
    double p50 = Median(group.Select(r => r.P50Ms));
    double p99 = Median(group.Select(r => r.P99Ms));
    string added50 = group.Key.Target == BenchTargets.DirectName ? "-" : (p50 - Median(direct.Select(r => r.P50Ms))).ToString("0.000", CultureInfo.InvariantCulture);
    string added99 = group.Key.Target == BenchTargets.DirectName ? "-" : (p99 - Median(direct.Select(r => r.P99Ms))).ToString("0.000", CultureInfo.InvariantCulture);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {group.Key.Target} | {group.Key.Concurrency} | {rps:0} | {p50:0.000} | {p99:0.000} | {added50} | {added99} |"));
}

Console.WriteLine();
Console.WriteLine($"time to first token, {settings.TtftSamples} streamed requests per target, interleaved:");
var ttft = await FirstToken.MeasureAsync(targets.StreamTargets, settings.TtftSamples);
Console.WriteLine("| target | TTFT p50 ms | TTFT p99 ms | vs direct p50 ms | full stream p50 ms |");
Console.WriteLine("|---|---:|---:|---:|---:|");
double directTtft = ttft[0].P50Ms;
foreach (var t in ttft)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {t.Target} | {t.P50Ms:0.000} | {t.P99Ms:0.000} | {(t == ttft[0] ? "-" : (t.P50Ms - directTtft).ToString("+0.000;-0.000", CultureInfo.InvariantCulture))} | {t.TotalP50Ms:0.000} |"));
}

Console.WriteLine();
Console.WriteLine($"load average at end: {LoadAverage()}");

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

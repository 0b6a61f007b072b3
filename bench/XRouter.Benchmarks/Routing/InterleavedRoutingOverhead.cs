using System.Diagnostics;
using System.Globalization;

namespace XRouter.Benchmarks.Routing;

/// <summary>
/// XRouter's per-request overhead over SK's bare loop, with a direct model call as the floor: the three run in
/// turn, request by request, with the order rotated every round, so load from other processes hits all alike.
/// Prints mean, p50 and p99 latency and the managed bytes allocated per request (all threads: SK runs the calls of a
/// turn on the thread pool). Bytes are counted in a pass of their own, each side alone: a precise count around every
/// request costs more than a request and would be timed with it.
/// </summary>
internal static class InterleavedRoutingOverhead
{
    // Long enough for tiered compilation to finish optimizing both loops; a shorter warm-up times part-jitted code.
    private const int Warmup = 20_000;
    private const int Rounds = 20_000;

    public static async Task RunAsync()
    {
        var scenario = new RoutingScenario();
        await scenario.VerifyAsync();
        (string Name, Func<Task> Run)[] sides =
        [
            ("direct model call", () => scenario.DirectAsync()),
            ("SK bare loop", () => scenario.BareLoopAsync()),
            ("XRouter", () => scenario.XRouterAsync()),
        ];
        var ticks = sides.Select(_ => new long[Rounds]).ToArray();
        for (int round = 0; round < Warmup + Rounds; round++)
        {
            for (int k = 0; k < sides.Length; k++)
            {
                int side = (round + k) % sides.Length;
                long started = Stopwatch.GetTimestamp();
                await sides[side].Run();
                long elapsed = Stopwatch.GetTimestamp() - started;
                if (round >= Warmup)
                {
                    ticks[side][round - Warmup] = elapsed;
                }
            }
        }

        var bytes = new long[sides.Length];
        for (int side = 0; side < sides.Length; side++)
        {
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < Rounds; i++)
            {
                await sides[side].Run();
            }

            bytes[side] = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        }

        Console.WriteLine($"{Rounds} rotating rounds after {Warmup} warm-up rounds; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        var stats = sides.Select((s, i) => (s.Name, Stats: Summarize(ticks[i]), Bytes: bytes[i] / (double)Rounds)).ToList();
        foreach (var (name, (mean, p50, p99), allocated) in stats)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-18} mean {mean,8:0.0} us  p50 {p50,8:0.0} us  p99 {p99,8:0.0} us  {allocated / 1024,7:0.00} KB/request"));
        }

        await FirstChunkAsync(scenario);
        var (_, bare, bareBytes) = stats[1];
        var (_, ours, oursBytes) = stats[2];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"XRouter adds      mean {ours.Mean - bare.Mean,8:0.0} us  p50 {ours.P50 - bare.P50,8:0.0} us  p99 {ours.P99 - bare.P99,8:0.0} us  {(oursBytes - bareBytes) / 1024,7:0.00} KB/request"));
    }

    /// <summary>Time to the first streamed chunk: the model directly, and a streamed route step through XRouter.</summary>
    private static async Task FirstChunkAsync(RoutingScenario scenario)
    {
        var direct = new long[Rounds / 10];
        var routed = new long[Rounds / 10];
        for (int round = 0; round < Warmup + direct.Length; round++)
        {
            long d = await scenario.FirstChunkDirectAsync();
            long r = await scenario.FirstChunkXRouterAsync();
            if (round >= Warmup)
            {
                direct[round - Warmup] = d;
                routed[round - Warmup] = r;
            }
        }

        var (dMean, dP50, dP99) = Summarize(direct);
        var (rMean, rP50, rP99) = Summarize(routed);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"first chunk: direct stream mean {dMean:0.0} us p50 {dP50:0.0} us p99 {dP99:0.0} us; XRouter route step mean {rMean:0.0} us p50 {rP50:0.0} us p99 {rP99:0.0} us; XRouter adds {rP50 - dP50:0.0} us at p50"));
    }

    private static (double Mean, double P50, double P99) Summarize(long[] ticks)
    {
        var us = ticks.Select(t => t * 1e6 / Stopwatch.Frequency).Order().ToArray();
        return (us.Average(), us[us.Length / 2], us[(int)(us.Length * 0.99)]);
    }
}

using System.Diagnostics.Tracing;

namespace XRouter.Benchmarks.Routing;

/// <summary>
/// Where a side's allocations go: the runtime's allocation-tick events (one per ~100 KB allocated, naming the type
/// being allocated) counted by type over 30,000 requests of XRouter or of SK's bare loop.
/// </summary>
internal static class AllocProbe
{
    public static async Task RunAsync(bool bare)
    {
        var scenario = new RoutingScenario();
        await scenario.VerifyAsync();
        for (int i = 0; i < 2000; i++)
        {
            await scenario.XRouterAsync();
            await scenario.BareLoopAsync();
        }

        using var listener = new Listener();
        for (int i = 0; i < 30000; i++)
        {
            if (bare) await scenario.BareLoopAsync(); else await scenario.XRouterAsync();
        }

        foreach (var (type, n) in listener.Counts.OrderByDescending(p => p.Value).Take(40))
        {
            Console.WriteLine($"{n,6} {type}");
        }
    }

    private sealed class Listener : EventListener
    {
        public Dictionary<string, int> Counts { get; } = [];

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && e.PayloadNames is { } names)
            {
                string type = e.Payload![names.IndexOf("TypeName")]?.ToString() ?? "?";
                lock (Counts)
                {
                    Counts[type] = Counts.GetValueOrDefault(type) + 1;
                }
            }
        }
    }
}

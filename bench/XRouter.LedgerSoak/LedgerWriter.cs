using XRouter.Reliability.Ledger;
using XRouter.SemanticKernel.Ledger;

namespace XRouter.LedgerSoak;

/// <summary>
/// The process that gets killed: writers append requests to the ledger as fast as they can and acknowledge each one on
/// standard output only after its commit returned, as a server answers a client only after the ledger commit.
/// </summary>
internal static class LedgerWriter
{
    public const int CallsPerRequest = 3;

    public static async Task RunAsync(ILedgerStore store, int writers)
    {
        await store.InitializeAsync();
        var output = Console.Out;
        var gate = new Lock();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (long n = 0; ; n++)
            {
                string id = $"{Environment.ProcessId}-{w}-{n}";
                await store.AppendAsync(Request(id));
                lock (gate)
                {
                    output.WriteLine(id);
                    output.Flush();
                }
            }
        })));
    }

    public static LedgerRequest Request(string id) => new()
    {
        RequestId = id,
        KeyId = "soak",
        Timestamp = DateTimeOffset.UtcNow,
        Mode = "select",
        Query = "What is 2+2?",
        Turns = 2,
        Calls =
        [
            new LedgerCall { Model = "router-7b", Kind = CallKind.Router, Status = CallStatus.Succeeded, InputTokens = 1000, OutputTokens = 50, CostUsd = 0.00012 },
            new LedgerCall { Model = "gpt-5-mini", Kind = CallKind.Downstream, Status = CallStatus.Succeeded, InputTokens = 40, OutputTokens = 3, CostUsd = 0.000016, Response = "4" },
            new LedgerCall { Model = "router-7b", Kind = CallKind.Router, Status = CallStatus.Succeeded, InputTokens = 1100, OutputTokens = 20, CostUsd = 0.000118 },
        ],
    };
}

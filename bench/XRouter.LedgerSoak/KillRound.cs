using System.Collections.Concurrent;
using System.Diagnostics;
using XRouter.Reliability.Ledger;

namespace XRouter.LedgerSoak;

/// <summary>What one kill round found.</summary>
/// <param name="Acknowledged">Requests the writer acknowledged before it was killed.</param>
/// <param name="Lost">Acknowledged requests missing from the ledger (or stored without all their calls).</param>
/// <param name="Integrity"><c>ok</c>, or what SQLite's integrity check reported; <c>n/a</c> for PostgreSQL.</param>
public sealed record KillRoundResult(int Acknowledged, int Lost, string Integrity);

/// <summary>
/// Starts a writer process on a ledger, lets it write for a while, kills it with SIGKILL, then checks that every
/// request it acknowledged is in the ledger with all its calls.
/// </summary>
public static class KillRound
{
    /// <summary>Runs one round against the ledger <paramref name="storeArguments"/> name (<c>--sqlite PATH</c> or <c>--postgres CS</c>).</summary>
    public static async Task<KillRoundResult> RunAsync(IReadOnlyList<string> storeArguments, Func<ILedgerStore> openStore, TimeSpan writeFor, int writers = 8)
    {
        ArgumentNullException.ThrowIfNull(storeArguments);
        ArgumentNullException.ThrowIfNull(openStore);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(KillRound).Assembly.Location);
        info.ArgumentList.Add("write");
        info.ArgumentList.Add("--writers");
        info.ArgumentList.Add(writers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (string argument in storeArguments)
        {
            info.ArgumentList.Add(argument);
        }

        var acknowledged = new ConcurrentQueue<string>();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("the writer did not start");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } id)
            {
                acknowledged.Enqueue(id);
            }
        };
        process.BeginOutputReadLine();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        var started = Stopwatch.StartNew();
        while (acknowledged.IsEmpty && !process.HasExited && started.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(20);
        }

        await Task.Delay(writeFor);
        if (process.HasExited)
        {
            throw new InvalidOperationException($"the writer exited with {process.ExitCode} before it was killed: {await errors}");
        }

        process.Kill(); // SIGKILL on Linux: no flush, no finally, no disposal.
        await process.WaitForExitAsync();

        // Lines read after the kill were written before it; every one of them was acknowledged after its commit.
        await using var store = openStore();
        int lost = 0;
        foreach (string id in acknowledged)
        {
            if (await store.FindAsync(id) is not { } record || record.Calls.Count != LedgerWriter.CallsPerRequest)
            {
                lost++;
            }
        }

        string integrity = store is SqliteLedgerStore sqlite ? await sqlite.CheckIntegrityAsync() : "n/a";
        return new KillRoundResult(acknowledged.Count, lost, integrity);
    }
}

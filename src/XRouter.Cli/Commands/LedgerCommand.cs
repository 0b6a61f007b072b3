using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using XRouter.Policy.Data;
using XRouter.Reliability.Ledger;

namespace XRouter.Cli.Commands;

/// <summary><c>xrouter ledger</c>: read the durable ledger, attach outcomes, export it as a routing log.</summary>
internal static class LedgerCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, AllowDuplicateProperties = false };

    public static Command Create()
    {
        var (sqlite, postgres) = StoreOptions();
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only requests from this time on (ISO 8601)." };
        var command = new Command("ledger", "Spend per key, per model, per UTC day from the durable ledger (SQLite file or PostgreSQL).")
        {
            sqlite, postgres, format, since, CreateAttach(), CreateExport(),
        };
        command.SetAction(parse => CommandFailure.RunAsync(async () =>
        {
            await using var store = await OpenAsync(parse.GetValue(sqlite), parse.GetValue(postgres)).ConfigureAwait(false);
            var rows = await store.SummarizeAsync(parse.GetValue(since)).ConfigureAwait(false);
            Console.WriteLine(parse.GetValue(format) == "json" ? JsonSerializer.Serialize(rows, Json) : Table(rows));
            return 0;
        }));
        return command;
    }

    private static Command CreateAttach()
    {
        var (sqlite, postgres) = StoreOptions();
        var file = new Argument<FileInfo>("FILE") { Description = "JSON lines of {\"request_id\": ..., \"model\": ..., \"score\": 0..1}." };
        var command = new Command("attach", "Attach outcomes (how good each model's reply was) to ledger requests.") { sqlite, postgres, file };
        command.SetAction(parse => CommandFailure.RunAsync(async () =>
        {
            await using var store = await OpenAsync(parse.GetValue(sqlite), parse.GetValue(postgres)).ConfigureAwait(false);
            var source = parse.GetValue(file)!;
            int count = 0, line = 0;
            foreach (string text in await File.ReadAllLinesAsync(source.FullName).ConfigureAwait(false))
            {
                line++;
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                var outcome = ReadOutcome(text, source.Name, line);
                if (string.IsNullOrWhiteSpace(outcome.RequestId) || string.IsNullOrWhiteSpace(outcome.Model) || outcome.Score is not double score)
                {
                    throw new LedgerException($"{source.Name}:{line}: an outcome needs request_id, model and score.");
                }

                await store.AttachOutcomeAsync(outcome.RequestId, outcome.Model, score).ConfigureAwait(false);
                count++;
            }

            await Console.Error.WriteLineAsync($"attached {count} outcomes").ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static Command CreateExport()
    {
        var (sqlite, postgres) = StoreOptions();
        var output = new Option<FileInfo>("--with-outcomes") { Description = "Write the requests that have outcomes here, as a routing log (JSONL).", Required = true };
        var command = new Command("export", "Export scored ledger requests as a routing log for training the next policy.") { sqlite, postgres, output };
        command.SetAction(parse => CommandFailure.RunAsync(async () =>
        {
            await using var store = await OpenAsync(parse.GetValue(sqlite), parse.GetValue(postgres)).ConfigureAwait(false);
            var entries = await store.ExportRoutingLogAsync().ToListAsync().ConfigureAwait(false);
            var target = parse.GetValue(output)!;
            await RoutingLogJsonl.WriteAsync(target.FullName, entries).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"wrote {entries.Count} routing-log entries to {target.FullName}").ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static (Option<FileInfo?> Sqlite, Option<string?> Postgres) StoreOptions() => (
        new Option<FileInfo?>("--sqlite") { Description = "The SQLite ledger file (default xrouter-ledger.db)." },
        new Option<string?>("--postgres") { Description = "A PostgreSQL connection string, instead of a SQLite file." });

    private static async Task<ILedgerStore> OpenAsync(FileInfo? sqlite, string? postgres)
    {
        if (sqlite is not null && postgres is not null)
        {
            throw new ArgumentException("Give either --sqlite or --postgres, not both.");
        }

        string path = sqlite?.FullName ?? "xrouter-ledger.db";
        if (postgres is null && !File.Exists(path))
        {
            throw new FileNotFoundException($"The ledger file {path} does not exist.");
        }

        ILedgerStore store = postgres is not null ? new PostgresLedgerStore(postgres) : new SqliteLedgerStore(path);
        await store.InitializeAsync().ConfigureAwait(false);
        return store;
    }

    private static string Table(IReadOnlyList<LedgerSummaryRow> rows)
    {
        var lines = new List<string> { $"{"key",-16} {"model",-28} {"day",-10} {"requests",8} {"calls",7} {"in",10} {"cached",10} {"out",10} {"reasoning",10} {"cost $",12} {"saved $",12}" };
        lines.AddRange(rows.Select(r => string.Create(
            CultureInfo.InvariantCulture,
            $"{(r.KeyId.Length == 0 ? "-" : r.KeyId),-16} {r.Model,-28} {r.Day:yyyy-MM-dd} {r.Requests,8} {r.Calls,7} {r.InputTokens,10} {r.CachedInputTokens,10} {r.OutputTokens,10} {r.ReasoningTokens,10} {r.CostUsd,12:0.000000} {r.SavedUsd,12:0.000000}")));
        return string.Join(Environment.NewLine, lines);
    }

    private sealed record OutcomeLine(string? RequestId, string? Model, double? Score);

    private static OutcomeLine ReadOutcome(string text, string file, int line)
    {
        try
        {
            return JsonSerializer.Deserialize<OutcomeLine>(text, Json) ?? throw new LedgerException($"{file}:{line}: not an outcome object.");
        }
        catch (JsonException e)
        {
            throw new LedgerException($"{file}:{line}: not an outcome line: {e.Message}", e);
        }
    }
}

using System.CommandLine;
using XRouter.Policy.Data;

namespace XRouter.Cli.Commands;

/// <summary><c>xrouter import</c>: convert public routing datasets into routing-log JSONL.</summary>
internal static class ImportCommand
{
    public static Command Create() => new("import", "Convert routing datasets into XRouter's routing-log JSONL.")
    {
        CreateRouterBench(),
    };

    private static Command CreateRouterBench()
    {
        var files = new Argument<FileInfo[]>("FILE.csv") { Description = "RouterBench CSV exports, imported in order.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo>("--out") { Description = "The routing log to write.", Required = true };
        var command = new Command("routerbench", "Import RouterBench CSVs (scores, responses, total_cost per model); empty score cells become unknown outcomes.")
        {
            files,
            output,
        };
        command.SetAction((parse, cancellationToken) => CommandFailure.RunAsync(async () =>
        {
            var sources = parse.GetValue(files)!;
            var target = parse.GetValue(output)!;
            var entries = RouterBenchCsv.ReadFiles(sources.Select(f => f.FullName));
            await RoutingLogJsonl.WriteAsync(target.FullName, entries, cancellationToken).ConfigureAwait(false);
            var models = entries.SelectMany(e => e.Outcomes.Keys).Distinct(StringComparer.Ordinal).ToList();
            int unknown = (entries.Count * models.Count) - entries.Sum(e => e.Outcomes.Count);
            await Console.Error.WriteLineAsync(
                $"imported {entries.Count} queries, {models.Count} models, {unknown} unknown outcomes from {sources.Length} file(s) to {target.FullName}").ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"model columns: {string.Join(", ", models)}").ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}

using AgentDemo.Agents;
using AgentDemo.Data;
using AgentDemo.Output;
using AgentDemo.Run;
using Spectre.Console;
using XRouter.Policy.Data;

namespace AgentDemo.Interactive;

/// <summary>
/// Type your own queries. Live, any query goes to the real endpoints. Offline, XRouter can only replay what the
/// log recorded, so a line must name a logged query (its id, its exact text, or a phrase only one query
/// contains); anything else is answered with a clear note instead of an invented reply.
/// </summary>
internal static class InteractiveSession
{
    private const int MinimumPhraseLength = 8;

    public static async Task RunAsync(
        IDemoAgent agent, DemoData data, RoutingKnobs knobs, bool live, IAnsiConsole console, TextReader input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(input);
        console.MarkupLine(live
            ? "Type a query (an empty line ends). Live: it goes to the configured endpoints."
            : Markup.Escape($"Type a query (an empty line ends). Offline: only the {data.Log.Count} recorded queries can be answered; give an id (e.g. {data.Log[0].Id}), the exact text, or a phrase from one."));
        while (await input.ReadLineAsync(cancellationToken) is string line && line.Trim().Length > 0)
        {
            QueryOutcome outcome;
            if (live)
            {
                var entry = data.Log.FirstOrDefault(e => e.Prompt == line);
                outcome = await ReplayRun.AskAsync(agent, entry?.Id ?? "live", entry?.Task, line, entry: null, knobs, cancellationToken);
            }
            else if (Find(data.Log, line.Trim()) is { Count: 1 } found)
            {
                var entry = found[0];
                outcome = await ReplayRun.AskAsync(agent, entry.Id, entry.Task, entry.Prompt, entry, knobs, cancellationToken);
            }
            else
            {
                console.MarkupLine(Markup.Escape(NotRecorded(data.Log, line.Trim())));
                continue;
            }

            console.MarkupLine(Markup.Escape($"[{outcome.Id}] {ConsoleReport.Decision(outcome)}; ${outcome.CostUsd:0.000000}; correct: {outcome.Correct?.ToString() ?? "n/a"}"));
            console.WriteLine(outcome.Answer);
        }
    }

    /// <summary>The logged queries <paramref name="text"/> names: by id, by exact text, else by a contained phrase.</summary>
    public static IReadOnlyList<RoutingLogEntry> Find(IReadOnlyList<RoutingLogEntry> log, string text)
    {
        ArgumentNullException.ThrowIfNull(log);
        var exact = log.Where(e => e.Id == text || e.Prompt.Trim() == text).ToList();
        return exact.Count > 0 || text.Length < MinimumPhraseLength
            ? exact
            : [.. log.Where(e => e.Prompt.Contains(text, StringComparison.OrdinalIgnoreCase))];
    }

    private static string NotRecorded(IReadOnlyList<RoutingLogEntry> log, string text)
    {
        var matches = Find(log, text);
        return matches.Count > 1
            ? $"{matches.Count} recorded queries contain that ({string.Join(", ", matches.Take(5).Select(e => e.Id))}{(matches.Count > 5 ? ", ..." : "")}); be more specific or give an id."
            : $"Offline, XRouter answers only queries recorded in the routing log ({log.Count} queries), and this is not one of them. Give an id or a phrase of a recorded query, or run with --live to ask real models.";
    }
}

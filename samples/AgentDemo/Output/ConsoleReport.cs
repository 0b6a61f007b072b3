using System.Globalization;
using AgentDemo.Run;
using Spectre.Console;

namespace AgentDemo.Output;

/// <summary>Renders a run for people: the per-query decisions, the summary against single models, the sweep.</summary>
internal static class ConsoleReport
{
    public static void Write(IAnsiConsole console, DemoReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        console.MarkupLine(Invariant($"[bold]XRouter demo[/]: {report.Queries.Count} queries from {Markup.Escape(report.Data)}{(report.Excluded > 0 ? $" ({report.Excluded} left out: some model has no recorded answer to them)" : "")}"));
        console.MarkupLine(Invariant($"agent: {Markup.Escape(report.Agent)}; router: {Markup.Escape(report.Policy)}; lambda {report.Lambda:0.###}{(report.MaxCostUsd is double max ? $"; max ${max:0.######} per request" : "")}"));
        console.Write(Queries(report.Queries));
        if (report is { Strongest: { } strongest, Cheapest: { } cheapest })
        {
            console.Write(Summary(report, strongest, cheapest));
            console.MarkupLine(Verdict(report, strongest));
        }
        else
        {
            console.MarkupLine(Invariant($"total cost through XRouter: ${report.CostUsd:0.000000}"));
        }

        if (report.Sweep.Count > 0)
        {
            console.MarkupLine(SweepLine(report));
        }
    }

    /// <summary>One query's decision, in words: direct, or which models were called and how it ended.</summary>
    public static string Decision(QueryOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        string called = string.Join(" + ", outcome.Models.Select(ShortName));
        return outcome.Mode switch
        {
            "select" when outcome.Models.Count == 1 => $"call {called}, return its reply",
            "select" => $"call {called}; select {ShortName(outcome.SelectedModel!)}",
            "synthesize" => $"call {called}; synthesize",
            "direct" => "answer directly",
            "refused" => $"refused: {outcome.Error}",
            var other => other,
        };
    }

    /// <summary>The part of a model id after its last '/', for narrow tables.</summary>
    public static string ShortName(string model) => model[(model.LastIndexOf('/') + 1)..];

    private static Table Queries(IReadOnlyList<QueryOutcome> queries)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("#").AddColumn("query").AddColumn("decision").AddColumn(new TableColumn("tokens").RightAligned())
            .AddColumn(new TableColumn("cost $").RightAligned()).AddColumn("correct");
        foreach (var (outcome, index) in queries.Select((q, i) => (q, i + 1)))
        {
            table.AddRow(
                index.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(outcome.Id),
                Markup.Escape(Decision(outcome)),
                Invariant($"{(outcome.TokensEstimated ? "~" : "")}{outcome.InputTokens + outcome.OutputTokens}"),
                Invariant($"{outcome.CostUsd:0.000000}"),
                outcome.Correct switch { true => "[green]yes[/]", false => "[red]no[/]", null => "[grey]n/a[/]" });
        }

        return table;
    }

    private static Table Summary(DemoReport report, SingleModelBaseline strongest, SingleModelBaseline cheapest)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]summary[/]")
            .AddColumn("answered by").AddColumn(new TableColumn("accuracy").RightAligned())
            .AddColumn(new TableColumn("total cost $").RightAligned()).AddColumn(new TableColumn("cost vs strongest").RightAligned());
        void Row(string name, double accuracy, double cost) => table.AddRow(
            Markup.Escape(name), Invariant($"{accuracy:0.000}"), Invariant($"{cost:0.000000}"), Share(cost, strongest.CostUsd));
        Row(Invariant($"XRouter ({report.Policy}, lambda {report.Lambda:0.###})"), report.Accuracy, report.CostUsd);
        Row($"always the strongest: {strongest.Model}", strongest.Accuracy, strongest.CostUsd);
        Row($"always the cheapest: {cheapest.Model}", cheapest.Accuracy, cheapest.CostUsd);
        return table;
    }

    private static string Verdict(DemoReport report, SingleModelBaseline strongest)
    {
        double points = (report.Accuracy - strongest.Accuracy) * 100;
        double saved = strongest.CostUsd > 0 ? 1 - (report.CostUsd / strongest.CostUsd) : 0;
        return Invariant($"XRouter cost [bold]{saved:0.#%} less[/] than always {Markup.Escape(ShortName(strongest.Model))}, at {points:+0.0;-0.0;0.0} accuracy points.");
    }

    private static string SweepLine(DemoReport report) =>
        "lambda sweep (accuracy / total $): " + string.Join("  ", report.Sweep.Select(p =>
            Invariant($"{(p.Lambda == report.Lambda ? "[bold]" : "")}{p.Lambda:0.###}: {p.Accuracy:0.000} / {p.CostUsd:0.0000}{(p.Lambda == report.Lambda ? "[/]" : "")}")));

    private static string Share(double cost, double reference) =>
        reference > 0 ? Invariant($"{cost / reference:0.0%}") : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

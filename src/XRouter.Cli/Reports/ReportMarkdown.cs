using System.Text;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Evaluation.Baselines;
using XRouter.Policy.Evaluation.Metrics;

namespace XRouter.Cli.Reports;

/// <summary>Writes <c>report.md</c>: the same figures as <c>report.json</c>, as tables a person reads.</summary>
internal static class ReportMarkdown
{
    public static string Write(EvaluationReport report, ReportSource source, IReadOnlyList<EvaluatedPolicy> policies, IReadOnlyList<string> plotFiles)
    {
        var md = new StringBuilder();
        md.AppendLine("# Routing evaluation").AppendLine();
        md.AppendLine("```bash").AppendLine(source.CommandLine).AppendLine("```").AppendLine();
        Line(md, $"- Evaluated: `{source.Data}`: {report.Queries} queries ({report.ExcludedQueries} excluded for lacking an outcome of some pool model), tasks {string.Join(", ", report.Tasks)}.");
        Line(md, $"- Training (best single, per-task best, cascade, cheapest): {(source.Train is null ? "none" : $"`{source.Train}`")}.");
        Line(md, $"- Prices: {report.PriceSource}{(source.Catalog is null ? "" : $" (`{source.Catalog}`)")}. Costs are USD; tables show m$ (1/1000 USD) per query.");
        Line(md, $"- Pool ({report.Models.Count}): {string.Join(", ", report.Models.Select(m => $"`{m}`"))}.");
        Line(md, $"- Lambdas: {string.Join(", ", report.Lambdas.Select(l => ReportText.Lambda(l)))}.");
        md.AppendLine();
        if (report.BestSingle is { } best)
        {
            Line(md, $"**Best single model** (chosen on training): `{best.Policy}`, accuracy {ReportText.Fixed(best.Accuracy)} at {ReportText.MilliDollars(best.MeanCostUsd)} m$ per query.  ");
        }

        Line(md, $"**Oracle**: accuracy {ReportText.Fixed(report.Oracle.Accuracy)} at {ReportText.MilliDollars(report.Oracle.MeanCostUsd)} m$ per query.");
        md.AppendLine();
        Choices(md, report, policies);

        md.AppendLine("## Results").AppendLine();
        Table(md, report.Runs.Select(r => r.Summary));

        md.AppendLine("## Frontier metrics").AppendLine();
        Line(md, $"AIQ over the pool's cost range [{ReportText.MilliDollars(report.CostRange.Min)}, {ReportText.MilliDollars(report.CostRange.Max)}] m$; cost reduction is against the best single model at its accuracy, on each policy's frontier (interpolated).");
        md.AppendLine();
        md.AppendLine("| policy | AIQ | cost reduction vs best single |").AppendLine("|---|---:|---:|");
        foreach (var (policy, aiq) in report.Aiq)
        {
            Line(md, $"| {policy} | {ReportText.Fixed(aiq)} | {ReportText.Percent(report.CostReductionVsBestSingle[policy])} |");
        }

        md.AppendLine();
        if (report.StrongWeak is { } sw)
        {
            Line(md, $"## Strong `{sw.Strong}` / weak `{sw.Weak}`");
            md.AppendLine();
            md.AppendLine("APGR: the area under the performance gap recovered over the share of queries sent to the strong model; CPT(x%): the strong-call share needed to recover x% of the gap.").AppendLine();
            md.AppendLine("| policy | APGR | CPT(50%) | CPT(80%) | CPT(95%) |").AppendLine("|---|---:|---:|---:|---:|");
            foreach (var (policy, m) in sw.ByPolicy)
            {
                Line(md, $"| {policy} | {ReportText.Fixed(m.Apgr)} | {ReportText.Percent(m.Cpt50)} | {ReportText.Percent(m.Cpt80)} | {ReportText.Percent(m.Cpt95)} |");
            }

            md.AppendLine();
        }

        foreach (var (task, summaries) in report.RunsByTask)
        {
            Line(md, $"## Task `{task}`");
            md.AppendLine();
            Table(md, summaries);
        }

        if (plotFiles.Count > 0)
        {
            md.AppendLine("## Plots").AppendLine();
            foreach (string file in plotFiles)
            {
                Line(md, $"![{Path.GetFileNameWithoutExtension(file)}]({file})");
                md.AppendLine();
            }
        }

        return md.ToString();
    }

    // What the baselines that choose models on training data chose, so a reader can tell what each row is.
    private static void Choices(StringBuilder md, EvaluationReport report, IReadOnlyList<EvaluatedPolicy> policies)
    {
        var lines = policies.Select(p => p.Policy switch
        {
            CheapestPolicy cheapest => $"- `cheapest` calls `{cheapest.ModelId}`.",
            CascadePolicy cascade => $"- `cascade` calls `{cascade.FirstCheap}` and `{cascade.SecondCheap}`, escalating to `{cascade.Strongest}` when their answers disagree.",
            BestSinglePolicy best => $"- `best-single` calls {string.Join("; ", ModelsByLambda(report.Lambdas, best.ModelFor))}.",
            _ => null,
        }).OfType<string>().ToList();
        if (lines.Count == 0)
        {
            return;
        }

        md.AppendLine("Choices made on training data:").AppendLine();
        lines.ForEach(line => md.AppendLine(line));
        md.AppendLine();
    }

    private static IEnumerable<string> ModelsByLambda(IReadOnlyList<double> lambdas, Func<double, string> modelFor) =>
        lambdas
            .Select(l => (Lambda: l, Model: modelFor(l)))
            .Aggregate(new List<(double From, double To, string Model)>(), (spans, next) =>
            {
                if (spans.Count > 0 && spans[^1].Model == next.Model)
                {
                    spans[^1] = spans[^1] with { To = next.Lambda };
                }
                else
                {
                    spans.Add((next.Lambda, next.Lambda, next.Model));
                }

                return spans;
            })
            .Select(span => span.From == span.To
                ? $"`{span.Model}` at lambda {ReportText.Lambda(span.From)}"
                : $"`{span.Model}` at lambda {ReportText.Lambda(span.From)} to {ReportText.Lambda(span.To)}");

    private static void Table(StringBuilder md, IEnumerable<PolicySummary> summaries)
    {
        md.AppendLine("| policy | lambda | accuracy | success | mean m$ | total $ | cost utility (acc/$) | decisions |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var s in summaries)
        {
            Line(md, $"| {s.Policy} | {ReportText.Lambda(s.Lambda)} | {ReportText.Fixed(s.Accuracy)} | {ReportText.Fixed(s.SuccessRate)} | {ReportText.MilliDollars(s.MeanCostUsd)} | {ReportText.Fixed(s.TotalCostUsd)} | {ReportText.Fixed(s.CostUtility, 1)} | {ReportText.Decisions(s.Decisions)} |");
        }

        md.AppendLine();
    }

    private static void Line(StringBuilder md, string text) => md.AppendLine(text);
}

using System.Text;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Evaluation.Baselines;
using XRouter.Policy.Evaluation.Metrics;

namespace XRouter.Cli.Reports;

/// <summary>
/// Writes <c>report.md</c>: a summary table first (one row per policy at its most accurate point, then the
/// frontier points), then the setup, the frontier metrics and the per-task summaries; every operating point
/// comes last.
/// </summary>
internal static class ReportMarkdown
{
    public static string Write(EvaluationReport report, ReportSource source, IReadOnlyList<EvaluatedPolicy> policies, IReadOnlyList<string> plotFiles)
    {
        var md = new StringBuilder();
        md.AppendLine("# Routing evaluation").AppendLine();
        md.AppendLine("```bash").AppendLine(source.CommandLine).AppendLine("```").AppendLine();
        Summary(md, report);
        Frontiers(md, report);
        Setup(md, report, source, policies);
        FrontierMetricsSection(md, report);
        Readings(md, report);
        StrongWeak(md, report);
        Latency(md, report);
        foreach (var (task, summaries) in report.RunsByTask)
        {
            md.AppendLine($"## Task `{task}` (best point per policy)").AppendLine();
            Table(md, BestPerPolicy(summaries));
        }

        if (plotFiles.Count > 0)
        {
            md.AppendLine("## Plots").AppendLine();
            foreach (string file in plotFiles)
            {
                md.AppendLine($"![{Path.GetFileNameWithoutExtension(file)}]({file})").AppendLine();
            }
        }

        md.AppendLine("## Every operating point").AppendLine();
        Table(md, report.Runs.Select(r => r.Summary));
        return md.ToString();
    }

    private static void Summary(StringBuilder md, EvaluationReport report)
    {
        md.AppendLine("## Summary").AppendLine();
        md.AppendLine($"{report.Queries} queries. One row per policy at its most accurate point (the cheapest among ties); `points` = operating points (lambdas). "
            + (report.BootstrapResamples > 0
                ? $"Brackets: bootstrap 95% intervals ({report.BootstrapResamples} resamples of the queries); `vs best single` (accuracy) and `AIQ vs Zero router` say better or worse only when the paired interval of the difference excludes 0 (else n.s.)."
                : "No bootstrap (`--bootstrap 0`)."));
        md.AppendLine();
        md.AppendLine("| policy | points | lambda | accuracy | mean m$ | AIQ | APGR | vs best single | AIQ vs Zero router |").AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var h in report.Highlights)
        {
            var s = h.Best;
            md.AppendLine($"| {s.Policy} | {h.Points} | {ReportText.Lambda(s.Lambda)} | {ReportText.Fixed(s.Accuracy)}{ReportText.Interval(s.AccuracyInterval, v => ReportText.Fixed(v, 3))} | "
                + $"{ReportText.MilliDollars(s.MeanCostUsd)}{ReportText.Interval(s.MeanCostInterval, ReportText.MilliDollars)} | {ReportText.Fixed(report.Aiq.GetValueOrDefault(s.Policy))}{ReportText.Interval(report.AiqIntervals.GetValueOrDefault(s.Policy), v => ReportText.Fixed(v, 3))} | "
                + $"{ReportText.Fixed(report.StrongWeak?.ByPolicy.GetValueOrDefault(s.Policy)?.Apgr, 3)} | {ReportText.Significance(h.AccuracyGainOverBestSingle)} | {ReportText.Significance(report.AiqGainOverZeroRouter.GetValueOrDefault(s.Policy))} |");
        }

        md.AppendLine($"| {EvaluationReport.ZeroRouter} (hull of the single models) | {report.Models.Count} | - | - | - | {ReportText.Fixed(report.Aiq.GetValueOrDefault(EvaluationReport.ZeroRouter))} | - | - | - |");
        if (!report.Highlights.Any(h => h.Best.Policy == report.Oracle.Policy))
        {
            md.AppendLine($"| oracle | 1 | - | {ReportText.Fixed(report.Oracle.Accuracy)} | {ReportText.MilliDollars(report.Oracle.MeanCostUsd)} | - | - | - | - |");
        }
        md.AppendLine();
        md.AppendLine($"Oracle: {report.OracleDefinition}, at success threshold {ReportText.Fixed(report.SuccessThreshold, 2)}.").AppendLine();
        if (report.BestSingle is { } best)
        {
            md.AppendLine($"**Best single model** (chosen on training): `{best.Policy}`, accuracy {ReportText.Fixed(best.Accuracy)} at {ReportText.MilliDollars(best.MeanCostUsd)} m$ per query.").AppendLine();
        }
    }

    private static void Frontiers(StringBuilder md, EvaluationReport report)
    {
        var curves = report.Frontiers.Where(f => report.Aiq.GetValueOrDefault(f.Key) is not null).ToList();
        if (curves.Count == 0)
        {
            return;
        }

        md.AppendLine("### Frontier points (m$ per query, accuracy)").AppendLine();
        md.AppendLine("| policy | frontier vertices |").AppendLine("|---|---|");
        foreach (var (policy, points) in curves)
        {
            md.AppendLine($"| {policy} | {string.Join(" · ", points.Select(p => $"({ReportText.MilliDollars(p.Cost)}, {ReportText.Fixed(p.Accuracy)})"))} |");
        }

        md.AppendLine();
    }

    private static void Setup(StringBuilder md, EvaluationReport report, ReportSource source, IReadOnlyList<EvaluatedPolicy> policies)
    {
        md.AppendLine("## Setup").AppendLine();
        md.AppendLine($"- Evaluated: `{source.Data}`: {report.Queries} queries ({report.ExcludedQueries} excluded for lacking an outcome of some pool model{MissingText(report)}), tasks {string.Join(", ", report.Tasks)}.");
        md.AppendLine($"- Training (best single, per-task best, cascade, cheapest): {(source.Train is null ? "none" : $"`{source.Train}`")}.");
        md.AppendLine($"- Prices: {report.PriceSource}{(source.Catalog is null ? "" : $" (`{source.Catalog}`)")}. Costs are USD; tables show m$ (1/1000 USD) per query.");
        md.AppendLine($"- Pool ({report.Models.Count}): {string.Join(", ", report.Models.Select(m => $"`{m}`"))}.");
        md.AppendLine($"- Lambdas: {string.Join(", ", report.Lambdas.Select(l => ReportText.Lambda(l)))}.");
        foreach (string warning in source.Warnings)
        {
            md.AppendLine($"- **Warning**: {warning}");
        }

        md.AppendLine();
        Choices(md, report, policies);
    }

    private static string MissingText(EvaluationReport report)
    {
        var reasons = report.MissingByModel.Select(m => $"`{m.Key}` missing on {m.Value}").ToList();
        if (report.EmptyQueries > 0)
        {
            reasons.Insert(0, $"{report.EmptyQueries} without any outcome");
        }

        return reasons.Count == 0 ? "" : ": " + string.Join(", ", reasons);
    }

    // What the baselines that choose models on training data chose, so a reader can tell what each row is.
    private static void Choices(StringBuilder md, EvaluationReport report, IReadOnlyList<EvaluatedPolicy> policies)
    {
        var lines = policies.Select(p => p.Policy switch
        {
            CheapestPolicy cheapest => $"- `cheapest` calls `{cheapest.ModelId}`.",
            CascadePolicy cascade => $"- `cascade` calls `{cascade.FirstCheap}` and `{cascade.SecondCheap}`, escalating to `{cascade.Strongest}` when their answers disagree.",
            BestSinglePolicy best => $"- `best-single` calls {string.Join("; ", ModelsByLambda(report.Lambdas, best.ModelFor))}.",
            RandomPolicy when p.Draws.Count > 1 => $"- `random` is the mean of {p.Draws.Count} seeded draws.",
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

    private static void FrontierMetricsSection(StringBuilder md, EvaluationReport report)
    {
        md.AppendLine("## Frontier metrics").AppendLine();
        md.AppendLine($"AIQ (RouterBench): the area under a policy's non-decreasing convex frontier from 0 to the dearest single model's mean cost ({ReportText.MilliDollars(report.AiqCostMax)} m$), divided by that cost; "
            + "per task on that task's queries and cost range, and their mean. `-` for a policy with a single operating point. Cost reduction is against the best single model at its accuracy, on each frontier (interpolated).");
        md.AppendLine();
        var tasks = report.AiqByTask.Keys.ToList();
        md.AppendLine($"| policy | AIQ | AIQ 95% CI | mean AIQ over tasks | {string.Join(" | ", tasks.Select(t => $"AIQ {t}"))} | cost reduction vs best single |");
        md.AppendLine($"|---|---:|---:|---:|{string.Concat(tasks.Select(_ => "---:|"))}---:|");
        foreach (var (policy, aiq) in report.Aiq.Where(a => a.Value is not null || report.CostReductionVsBestSingle.GetValueOrDefault(a.Key) is not null))
        {
            md.AppendLine($"| {policy} | {ReportText.Fixed(aiq)} | {ReportText.Interval(report.AiqIntervals.GetValueOrDefault(policy), v => ReportText.Fixed(v, 3)).Trim()} | {ReportText.Fixed(report.AiqMeanOverTasks.GetValueOrDefault(policy))} | "
                + $"{string.Join(" | ", tasks.Select(t => ReportText.Fixed(report.AiqByTask[t].GetValueOrDefault(policy))))} | {ReportText.Percent(report.CostReductionVsBestSingle.GetValueOrDefault(policy))} |");
        }

        md.AppendLine();
        Undefined(md, report.Aiq.Where(a => a.Value is null && report.CostReductionVsBestSingle.GetValueOrDefault(a.Key) is null).Select(a => a.Key));
    }

    private static void Undefined(StringBuilder md, IEnumerable<string> policies)
    {
        var names = policies.ToList();
        if (names.Count > 0)
        {
            md.AppendLine($"Undefined for one operating point: {string.Join(", ", names)}.").AppendLine();
        }
    }

    private static void Readings(StringBuilder md, EvaluationReport report)
    {
        Reading(md, "Accuracy at a fixed mean cost", report.AccuracyAtCost, t => $"at {ReportText.MilliDollars(t)} m$", v => ReportText.Fixed(v));
        Reading(md, "Cost to reach an accuracy (m$ per query)", report.CostAtAccuracy, t => $"for {ReportText.Fixed(t, 3)}", v => v is double c ? ReportText.MilliDollars(c) : "-");
    }

    private static void Reading(StringBuilder md, string title, IReadOnlyList<FrontierReading> readings, Func<double, string> head, Func<double?, string> cell)
    {
        if (readings.Count == 0)
        {
            return;
        }

        md.AppendLine($"## {title}").AppendLine();
        md.AppendLine("Read on each policy's frontier (interpolated, mixing operating points); `-` when out of reach.").AppendLine();
        md.AppendLine($"| policy | {string.Join(" | ", readings.Select(r => head(r.Target)))} |").AppendLine($"|---|{string.Concat(readings.Select(_ => "---:|"))}");
        foreach (string policy in readings[0].ByPolicy.Keys)
        {
            md.AppendLine($"| {policy} | {string.Join(" | ", readings.Select(r => cell(r.ByPolicy[policy])))} |");
        }

        md.AppendLine();
    }

    private static void StrongWeak(StringBuilder md, EvaluationReport report)
    {
        if (report.StrongWeak is not { } sw)
        {
            return;
        }

        md.AppendLine($"## Strong `{sw.Strong}` ({ReportText.Fixed(sw.StrongAccuracy)}) / weak `{sw.Weak}` ({ReportText.Fixed(sw.WeakAccuracy)})").AppendLine();
        md.AppendLine("As RouteLLM computes them, on each policy's own points (share of queries that called the strong model, accuracy): APGR = (trapezoid area - weak accuracy x share range) / (gap x share range); "
            + "CPT(x%) = the strong-call share where the curve first reaches weak + x% of the gap. `-`: one operating point (undefined) or never reached.").AppendLine();
        md.AppendLine("| policy | APGR | CPT(50%) | CPT(80%) | CPT(95%) |").AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (policy, m) in sw.ByPolicy.Where(p => p.Value.Apgr is not null))
        {
            md.AppendLine($"| {policy} | {ReportText.Fixed(m.Apgr, 3)} | {ReportText.Percent(m.Cpt50)} | {ReportText.Percent(m.Cpt80)} | {ReportText.Percent(m.Cpt95)} |");
        }

        md.AppendLine();
        Undefined(md, sw.ByPolicy.Where(p => p.Value.Apgr is null).Select(p => p.Key));
    }

    private static void Latency(StringBuilder md, EvaluationReport report)
    {
        var timed = report.Highlights.Where(h => h.Best.MeanLatencyMs is not null).ToList();
        if (timed.Count == 0)
        {
            return;
        }

        md.AppendLine("## Latency (recorded latency_ms; calls made together count as the slowest)").AppendLine();
        md.AppendLine("| policy | mean ms | p95 ms |").AppendLine("|---|---:|---:|");
        foreach (var h in timed)
        {
            md.AppendLine($"| {h.Best.Policy} | {ReportText.Fixed(h.Best.MeanLatencyMs, 0)} | {ReportText.Fixed(h.Best.P95LatencyMs, 0)} |");
        }

        md.AppendLine();
    }

    private static IEnumerable<PolicySummary> BestPerPolicy(IEnumerable<PolicySummary> summaries) =>
        summaries.GroupBy(s => s.Policy, StringComparer.Ordinal).Select(g => g.OrderByDescending(s => s.Accuracy).ThenBy(s => s.MeanCostUsd).First());

    private static void Table(StringBuilder md, IEnumerable<PolicySummary> summaries)
    {
        md.AppendLine("| policy | lambda | accuracy | success | mean m$ | strong share | cost utility (acc/$) | decisions |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var s in summaries)
        {
            md.AppendLine($"| {s.Policy} | {ReportText.Lambda(s.Lambda)} | {ReportText.Fixed(s.Accuracy)} | {ReportText.Fixed(s.SuccessRate)} | {ReportText.MilliDollars(s.MeanCostUsd)} | {ReportText.Percent(s.StrongShare)} | {ReportText.Fixed(s.CostUtility, 1)} | {ReportText.Decisions(s.Decisions)} |");
        }

        md.AppendLine();
    }
}

using XRouter.Policy.Evaluation;

namespace XRouter.Cli.Reports;

/// <summary>The terminal summary of an evaluation: one row per policy at its most accurate point, within 100 columns.</summary>
internal static class ConsoleSummary
{
    private const int NameWidth = 34;

    public static void Print(EvaluationReport report, string outDir)
    {
        foreach (string line in Lines(report, outDir))
        {
            Console.WriteLine(line);
        }
    }

    public static IEnumerable<string> Lines(EvaluationReport report, string outDir)
    {
        yield return $"{report.Queries} queries ({report.ExcludedQueries} excluded), {report.Models.Count} models; mean cost in m$ per query; best point per policy";
        yield return $"{"policy",-NameWidth} {"pts",3} {"lambda",8} {"accuracy",8} {"mean m$",9} {"AIQ",6} {"APGR",6} {"vs best",7}";
        var highlights = report.Highlights.ToList();
        if (!highlights.Any(h => h.Best.Policy == report.Oracle.Policy))
        {
            highlights.Add(new PolicyHighlight(report.Oracle, 1, null));
        }

        foreach (var h in highlights)
        {
            var s = h.Best;
            string apgr = ReportText.Fixed(report.StrongWeak?.ByPolicy.GetValueOrDefault(s.Policy)?.Apgr, 3);
            yield return $"{Shorten(s.Policy, NameWidth),-NameWidth} {h.Points,3} {ReportText.Lambda(s.Lambda),8} {ReportText.Fixed(s.Accuracy),8} {ReportText.MilliDollars(s.MeanCostUsd),9} "
                + $"{ReportText.Fixed(report.Aiq.GetValueOrDefault(s.Policy), 3),6} {apgr,6} {ReportText.Significance(h.AccuracyGainOverBestSingle),7}";
        }

        yield return $"{EvaluationReport.ZeroRouter,-NameWidth} {"",3} {"",8} {"",8} {"",9} {ReportText.Fixed(report.Aiq.GetValueOrDefault(EvaluationReport.ZeroRouter), 3),6}";
        if (report.BestSingle is { } best)
        {
            yield return $"best single (chosen on --train): {best.Policy}, accuracy {ReportText.Fixed(best.Accuracy)} at {ReportText.MilliDollars(best.MeanCostUsd)} m$";
        }

        yield return $"wrote {Path.Combine(outDir, "report.json")}, report.md and plots";
    }

    // Long model ids keep their distinctive tail: "meta/code-llama-instruct-34b-chat" -> "…llama-instruct-34b-chat".
    public static string Shorten(string text, int width) => text.Length <= width ? text : "…" + text[^(width - 1)..];
}

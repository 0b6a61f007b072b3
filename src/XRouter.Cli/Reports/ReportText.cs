using System.Globalization;
using XRouter.Policy.Evaluation;

namespace XRouter.Cli.Reports;

/// <summary>How reports spell numbers and names, the same in Markdown, the terminal and plots.</summary>
internal static class ReportText
{
    public static string DecisionName(DecisionKind kind) => kind switch
    {
        DecisionKind.Direct => "direct",
        DecisionKind.Single => "single",
        DecisionKind.MultiCall => "multi_call",
        DecisionKind.Select => "select",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>A USD amount per query in milli-dollars (m$), the unit RouterBench-sized costs read best in.</summary>
    public static string MilliDollars(double usd) => (usd * 1000).ToString("0.0000", CultureInfo.InvariantCulture);

    public static string Fixed(double value, int decimals = 4) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Fixed(double? value, int decimals = 4) => value is double v ? Fixed(v, decimals) : "-";

    public static string Percent(double? value) => value is double v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";

    public static string Lambda(double? lambda) => lambda is double l ? l.ToString(l >= 1000 ? "0" : "G4", CultureInfo.InvariantCulture) : "-";

    /// <summary>Whether an interval of a difference says better, worse, or cannot tell (it contains 0).</summary>
    public static string Significance(XRouter.Policy.Evaluation.Metrics.ConfidenceInterval? gain) => gain switch
    {
        null => "-",
        { Low: > 0 } => "better",
        { High: < 0 } => "worse",
        _ => "n.s.",
    };

    /// <summary>An interval as <c>[low, high]</c> in the given format, or empty when there is none.</summary>
    public static string Interval(XRouter.Policy.Evaluation.Metrics.ConfidenceInterval? interval, Func<double, string> format) =>
        interval is null ? "" : $" [{format(interval.Low)}, {format(interval.High)}]";

    public static string Decisions(IReadOnlyDictionary<DecisionKind, int> decisions) =>
        string.Join(" ", decisions.Where(d => d.Value > 0).Select(d => $"{DecisionName(d.Key)}:{d.Value.ToString(CultureInfo.InvariantCulture)}"));
}

using System.Globalization;
using ScottPlot;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Evaluation.Metrics;

namespace XRouter.Cli.Reports;

/// <summary>
/// Draws accuracy against cost per query (log scale): each single model labelled, the Zero router (the hull of the
/// single models), each other policy's operating points with its frontier (drawn exactly: mixing is linear in
/// cost, so on the log axis the frontier curves), and the oracle. One plot overall, one per task, and, with a
/// strong/weak pair, RouteLLM's plot of accuracy against the share of strong-model calls.
/// </summary>
internal static class ReportPlots
{
    private const int Width = 1100;
    private const int Height = 1000;
    private const float LabelHeight = 15;

    /// <summary>Writes the plots into <paramref name="directory"/> and returns the names of those written.</summary>
    public static IReadOnlyList<string> Write(EvaluationReport report, string directory)
    {
        var files = new List<string>();
        Draw(report, [.. report.Runs.Select(r => r.Summary)], report.Oracle, "all tasks", directory, "accuracy_vs_cost.png", files);
        foreach (var (task, summaries) in report.RunsByTask)
        {
            var oracle = summaries.FirstOrDefault(s => s.Policy == "oracle");
            Draw(report, [.. summaries], oracle, $"task {task}", directory, $"accuracy_vs_cost_{FileSafe(task)}.png", files);
        }

        if (report.StrongWeak is { } strongWeak)
        {
            DrawStrongShare(report, strongWeak, directory, "accuracy_vs_strong_share.png", files);
        }

        return files;
    }

    // Costs are drawn on a log scale, so only points that cost something can be placed; the others are named in a note.
    private static void Draw(
        EvaluationReport report, List<PolicySummary> summaries, PolicySummary? oracle, string scope, string directory, string file, List<string> written)
    {
        var free = summaries.Append(oracle).OfType<PolicySummary>().Where(s => s.MeanCostUsd <= 0).Select(s => s.Policy).Distinct(StringComparer.Ordinal).ToList();
        summaries = [.. summaries.Where(s => s.MeanCostUsd > 0)];
        oracle = oracle is { MeanCostUsd: > 0 } ? oracle : null;
        var plot = new Plot();
        var labels = new PointLabels();
        var models = report.Models.ToHashSet(StringComparer.Ordinal);
        var singles = summaries.Where(s => models.Contains(s.Policy) && s.Lambda is null).ToList();
        var others = summaries
            .Where(s => (!models.Contains(s.Policy) || s.Lambda is not null) && s.Policy != "oracle")
            .GroupBy(s => s.Policy)
            .ToList();
        var all = summaries.Append(oracle).OfType<PolicySummary>().ToList();
        if (all.Count == 0)
        {
            return;
        }

        foreach (var single in singles)
        {
            plot.Add.Marker(X(single.MeanCostUsd), single.Accuracy, MarkerShape.FilledCircle, 9, Colors.DimGray);
            labels.Add(ShortName(single.Policy), single, Colors.DimGray);
        }

        foreach (var group in others)
        {
            var color = PolicyColors.Of(group.Key);
            var points = group.OrderBy(s => s.MeanCostUsd).ToList();
            if (points.Count > 1)
            {
                var curve = Curve(new CostAccuracyFrontier(points.Select(s => (s.MeanCostUsd, s.Accuracy))));
                var line = plot.Add.ScatterLine(curve.Select(p => p.X).ToArray(), curve.Select(p => p.Y).ToArray());
                line.Color = color;
                line.LineWidth = 2;
                line.LegendText = $"{group.Key} (frontier of {points.Count} lambdas)";
                var dots = plot.Add.ScatterPoints(points.Select(s => X(s.MeanCostUsd)).ToArray(), points.Select(s => s.Accuracy).ToArray());
                dots.Color = color;
                dots.MarkerSize = 6;
            }
            else
            {
                var marker = plot.Add.Marker(X(points[0].MeanCostUsd), points[0].Accuracy, MarkerShape.FilledSquare, 11, color);
                marker.LegendText = group.Key;
                labels.Add(group.Key, points[0], color);
            }
        }

        // Drawn after the policies so that a policy lying on it does not hide it.
        if (singles.Count > 1)
        {
            var curve = Curve(new CostAccuracyFrontier(singles.Select(s => (s.MeanCostUsd, s.Accuracy))));
            var zero = plot.Add.ScatterLine(curve.Select(p => p.X).ToArray(), curve.Select(p => p.Y).ToArray());
            zero.Color = Colors.Black.WithAlpha(0.75);
            zero.LinePattern = LinePattern.Dashed;
            zero.LineWidth = 2.5f;
            zero.LegendText = "Zero router (hull of the single models)";
        }

        if (oracle is not null)
        {
            var star = plot.Add.Marker(X(oracle.MeanCostUsd), oracle.Accuracy, MarkerShape.FilledDiamond, 13, Colors.Gold);
            star.LegendText = "oracle";
            labels.Add("oracle", oracle, Colors.DarkGoldenRod);
        }

        var (left, right) = SetLogTicks(plot, all.Min(s => s.MeanCostUsd), all.Max(s => s.MeanCostUsd));
        double low = all.Min(s => s.Accuracy);
        double high = all.Max(s => s.Accuracy);
        double pad = Math.Max(0.02, (high - low) * 0.08);
        (double bottom, double top) = (Math.Max(0, low - pad), Math.Min(1.02, high + pad));
        plot.Axes.SetLimitsY(bottom, top);
        labels.Draw(plot, new PixelScale(left, right, bottom, top));
        string note = free.Count == 0 ? "" : $"\nnot drawn (cost 0 on a log axis): {string.Join(", ", free.Select(ShortName))}";
        plot.Title($"Accuracy vs cost per query, {scope} ({summaries.FirstOrDefault()?.Queries ?? 0} queries){note}");
        plot.XLabel("mean cost per query (m$ = 1/1000 USD, log scale)");
        plot.YLabel("accuracy (mean score)");
        Style(plot);
        plot.SavePng(Path.Combine(directory, file), Width, Height);
        written.Add(file);
    }

    // RouteLLM's view: accuracy against the share of queries that called the strong model, each policy's own points joined.
    private static void DrawStrongShare(EvaluationReport report, StrongWeakReport strongWeak, string directory, string file, List<string> written)
    {
        var plot = new Plot();
        var models = report.Models.ToHashSet(StringComparer.Ordinal);
        foreach (var group in report.Runs.Select(r => r.Summary).Where(s => s.StrongShare is not null).GroupBy(s => s.Policy))
        {
            var points = group.OrderBy(s => s.StrongShare).ThenBy(s => s.Accuracy).ToList();
            bool single = models.Contains(group.Key) && points[0].Lambda is null;
            var color = single ? Colors.DimGray : PolicyColors.Of(group.Key);
            var scatter = plot.Add.Scatter(points.Select(s => s.StrongShare!.Value * 100).ToArray(), points.Select(s => s.Accuracy).ToArray());
            scatter.Color = color;
            scatter.LineWidth = points.Count > 1 ? 2 : 0;
            scatter.MarkerSize = single ? 6 : 8;
            scatter.MarkerShape = single ? MarkerShape.OpenCircle : MarkerShape.FilledCircle;
            scatter.LegendText = single ? "" : group.Key;
        }

        var weak = plot.Add.HorizontalLine(strongWeak.WeakAccuracy);
        weak.Color = Colors.Gray;
        weak.LinePattern = LinePattern.Dashed;
        weak.LegendText = $"weak: {ShortName(strongWeak.Weak)}";
        var strong = plot.Add.HorizontalLine(strongWeak.StrongAccuracy);
        strong.Color = Colors.Red;
        strong.LinePattern = LinePattern.Dashed;
        strong.LegendText = $"strong: {ShortName(strongWeak.Strong)}";
        plot.Axes.SetLimitsX(-2, 102);
        plot.Title($"Accuracy vs strong-model calls (RouteLLM), {report.Queries} queries");
        plot.XLabel($"queries that called {ShortName(strongWeak.Strong)} (%)");
        plot.YLabel("accuracy (mean score)");
        Style(plot);
        plot.SavePng(Path.Combine(directory, file), Width, 800);
        written.Add(file);
    }

    private static void Style(Plot plot)
    {
        plot.Axes.Title.Label.FontSize = 20;
        plot.Axes.Bottom.Label.FontSize = 16;
        plot.Axes.Left.Label.FontSize = 16;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Legend.FontSize = 13;
        plot.ShowLegend(Edge.Bottom);
    }

    // The frontier between two vertices is linear in cost; sampled along the log axis it is drawn as it is.
    private static List<(double X, double Y)> Curve(CostAccuracyFrontier frontier)
    {
        var vertices = frontier.Points;
        var curve = new List<(double X, double Y)> { (X(vertices[0].Cost), vertices[0].Accuracy) };
        for (int i = 1; i < vertices.Count; i++)
        {
            const int steps = 24;
            for (int k = 1; k <= steps; k++)
            {
                double x = X(vertices[i - 1].Cost) + ((X(vertices[i].Cost) - X(vertices[i - 1].Cost)) * k / steps);
                curve.Add((x, frontier.AccuracyAt(Math.Pow(10, x) / 1000)));
            }
        }

        return curve;
    }

    // Policies that land on the same point (cheapest and the cheapest model, say) share one label.
    private sealed class PointLabels
    {
        private readonly Dictionary<(double X, double Y), List<(string Text, Color Color)>> _byPoint = [];

        public void Add(string text, PolicySummary at, Color color)
        {
            var key = (Math.Round(X(at.MeanCostUsd), 3), Math.Round(at.Accuracy, 4));
            if (!_byPoint.TryGetValue(key, out var texts))
            {
                _byPoint[key] = texts = [];
            }

            texts.Add((text, color));
        }

        public void Draw(Plot plot, PixelScale scale)
        {
            // Greedy placement: each label takes the first corner around its point that overlaps no label placed before.
            var placed = new List<(double X0, double Y0, double X1, double Y1)>();
            foreach (var ((x, y), texts) in _byPoint.OrderByDescending(p => p.Key.Y))
            {
                string text = string.Join(" = ", texts.Select(t => t.Text));
                var (px, py) = scale.ToPixels(x, y);
                double width = text.Length * 7.2;
                // Right of the point first (the label then starts at its point), nearest line first; left side last.
                var candidates = new List<(float Dx, float Dy, Alignment Alignment, double X0, double Y0)>();
                foreach (float shift in new[] { 0f, LabelHeight, 2 * LabelHeight })
                {
                    candidates.Add((6, -4 - shift, Alignment.LowerLeft, px + 6, py - 4 - shift - LabelHeight));
                    candidates.Add((6, 4 + shift, Alignment.UpperLeft, px + 6, py + 4 + shift));
                }

                foreach (float shift in new[] { 0f, LabelHeight })
                {
                    candidates.Add((-6, -4 - shift, Alignment.LowerRight, px - 6 - width, py - 4 - shift - LabelHeight));
                    candidates.Add((-6, 4 + shift, Alignment.UpperRight, px - 6 - width, py + 4 + shift));
                }

                var choice = candidates.FirstOrDefault(
                    c => !placed.Any(b => c.X0 < b.X1 && c.X0 + width > b.X0 && c.Y0 < b.Y1 && c.Y0 + LabelHeight > b.Y0),
                    candidates[0]);
                placed.Add((choice.X0, choice.Y0, choice.X0 + width, choice.Y0 + LabelHeight));
                var label = plot.Add.Text(text, x, y);
                label.LabelFontSize = 12;
                label.LabelFontColor = texts.Count == 1 ? texts[0].Color : Colors.Black;
                label.LabelAlignment = choice.Alignment;
                label.OffsetX = choice.Dx;
                label.OffsetY = choice.Dy;
            }
        }
    }

    // Approximate data-to-pixel mapping of the data area, enough to keep labels from overlapping.
    private sealed record PixelScale(double Left, double Right, double Bottom, double Top)
    {
        private const double AreaWidth = Width - 90;
        private const double AreaHeight = Height - 230;

        public (double X, double Y) ToPixels(double x, double y) =>
            ((x - Left) / (Right - Left) * AreaWidth, (Top - y) / (Top - Bottom) * AreaHeight);
    }

    private static (double Left, double Right) SetLogTicks(Plot plot, double minUsd, double maxUsd)
    {
        double lo = Math.Floor(X(minUsd));
        double hi = Math.Ceiling(X(maxUsd));
        var ticks = new List<(double Position, string Label)>();
        for (double decade = lo; decade <= hi; decade++)
        {
            foreach (double step in new[] { 1.0, 2.0, 5.0 })
            {
                double mdollars = step * Math.Pow(10, decade);
                ticks.Add((Math.Log10(mdollars), mdollars.ToString("0.#####", CultureInfo.InvariantCulture)));
            }
        }

        double left = X(minUsd) - 0.15;
        double right = X(maxUsd) + 0.8;
        var visible = ticks.Where(t => t.Position >= left && t.Position <= right).ToList();
        plot.Axes.Bottom.SetTicks([.. visible.Select(t => t.Position)], [.. visible.Select(t => t.Label)]);
        plot.Axes.SetLimitsX(left, right);
        return (left, right);
    }

    // Costs span orders of magnitude (a 7B model vs GPT-4), so positions are log10 of m$.
    private static double X(double usd) => Math.Log10(usd * 1000);

    private static string ShortName(string model) => model[(model.LastIndexOf('/') + 1)..];

    private static string FileSafe(string task) =>
        string.Concat(task.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}

using System.Globalization;
using ScottPlot;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Evaluation.Metrics;

namespace XRouter.Cli.Reports;

/// <summary>
/// Draws accuracy against cost per query (log scale): each single model labelled, the single models' frontier,
/// each other policy labelled (cost-aware ones as a line over their lambdas), and the oracle. One plot overall,
/// one per task.
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

        return files;
    }

    // Costs are drawn on a log scale, so only points that cost something can be placed; with none, no plot is written.
    private static void Draw(
        EvaluationReport report, List<PolicySummary> summaries, PolicySummary? oracle, string scope, string directory, string file, List<string> written)
    {
        summaries = [.. summaries.Where(s => s.MeanCostUsd > 0)];
        oracle = oracle is { MeanCostUsd: > 0 } ? oracle : null;
        var plot = new Plot();
        var labels = new PointLabels();
        var palette = new ScottPlot.Palettes.Category10();
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

        if (singles.Count > 1)
        {
            var hull = new CostAccuracyFrontier(singles.Select(s => (s.MeanCostUsd, s.Accuracy))).Points;
            var line = plot.Add.Scatter(hull.Select(p => X(p.Cost)).ToArray(), hull.Select(p => p.Accuracy).ToArray());
            line.Color = Colors.Gray;
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1.5f;
            line.MarkerSize = 0;
            line.LegendText = "single-model frontier";
        }

        foreach (var single in singles)
        {
            plot.Add.Marker(X(single.MeanCostUsd), single.Accuracy, MarkerShape.FilledCircle, 9, Colors.DimGray);
            labels.Add(ShortName(single.Policy), single, Colors.DimGray);
        }

        int colour = 0;
        foreach (var group in others)
        {
            var color = palette.GetColor(colour++);
            var points = group.OrderBy(s => s.MeanCostUsd).ToList();
            if (points.Count > 1)
            {
                var frontier = new CostAccuracyFrontier(points.Select(s => (s.MeanCostUsd, s.Accuracy))).Points;
                var line = plot.Add.Scatter(frontier.Select(p => X(p.Cost)).ToArray(), frontier.Select(p => p.Accuracy).ToArray());
                line.Color = color;
                line.LineWidth = 2;
                line.MarkerSize = 7;
                line.LegendText = $"{group.Key} (frontier over {points.Count} lambdas)";
            }
            else
            {
                var marker = plot.Add.Marker(X(points[0].MeanCostUsd), points[0].Accuracy, MarkerShape.FilledSquare, 11, color);
                marker.LegendText = group.Key;
                labels.Add(group.Key, points[0], color);
            }
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
        plot.Title($"Accuracy vs cost per query, {scope} ({summaries.FirstOrDefault()?.Queries ?? 0} queries)");
        plot.XLabel("mean cost per query (m$ = 1/1000 USD, log scale)");
        plot.YLabel("accuracy (mean score)");
        plot.Axes.Title.Label.FontSize = 20;
        plot.Axes.Bottom.Label.FontSize = 16;
        plot.Axes.Left.Label.FontSize = 16;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Legend.FontSize = 13;
        plot.ShowLegend(Edge.Bottom);
        plot.SavePng(Path.Combine(directory, file), Width, Height);
        written.Add(file);
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

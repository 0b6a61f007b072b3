using System.Text.Json;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Evaluation.Metrics;

namespace XRouter.Cli.Reports;

/// <summary>Writes <c>report.json</c>: the dataset, the best single model, the oracle, every result, AIQ and the rest.</summary>
internal static class ReportJson
{
    public static string Write(EvaluationReport report, ReportSource source)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("command", source.CommandLine);
            JsonFields.Strings(json, "warnings", source.Warnings);
            WriteDataset(json, report, source);
            json.WriteNumber("success_threshold", report.SuccessThreshold);
            json.WriteString("oracle_definition", report.OracleDefinition);
            json.WriteNumber("bootstrap_resamples", report.BootstrapResamples);
            json.WriteStartArray("lambdas");
            foreach (double lambda in report.Lambdas)
            {
                json.WriteNumberValue(lambda);
            }

            json.WriteEndArray();
            if (report.BestSingle is { } best)
            {
                json.WriteStartObject("best_single");
                json.WriteString("model", best.Policy);
                WriteFigures(json, best);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("best_single");
            }

            json.WriteStartObject("oracle");
            WriteFigures(json, report.Oracle);
            json.WriteEndObject();

            WriteSummary(json, report);
            WriteResults(json, "results", report.Runs.Select(r => r.Summary));
            json.WriteStartObject("per_task");
            foreach (var (task, summaries) in report.RunsByTask)
            {
                WriteResults(json, task, summaries);
            }

            json.WriteEndObject();
            WriteAiq(json, report);
            WriteFrontiers(json, report);
            JsonFields.NumberMap(json, "cost_reduction_vs_best_single", report.CostReductionVsBestSingle);
            WriteReadings(json, "accuracy_at_cost", "mean_cost_usd", report.AccuracyAtCost);
            WriteReadings(json, "cost_at_accuracy", "accuracy", report.CostAtAccuracy);
            WriteStrongWeak(json, report.StrongWeak);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteDataset(Utf8JsonWriter json, EvaluationReport report, ReportSource source)
    {
        json.WriteStartObject("dataset");
        json.WriteString("file", source.Data);
        JsonFields.String(json, "train", source.Train);
        JsonFields.String(json, "catalog", source.Catalog);
        json.WriteString("price_source", report.PriceSource);
        json.WriteNumber("queries", report.Queries);
        json.WriteNumber("excluded_queries", report.ExcludedQueries);
        json.WriteNumber("excluded_without_any_outcome", report.EmptyQueries);
        json.WriteStartObject("excluded_by_missing_model");
        foreach (var (model, count) in report.MissingByModel)
        {
            json.WriteNumber(model, count);
        }

        json.WriteEndObject();
        JsonFields.Strings(json, "models", report.Models);
        JsonFields.Strings(json, "tasks", report.Tasks);
        json.WriteEndObject();
    }

    // One row per policy at its most accurate point, the rows report.md and the console lead with.
    private static void WriteSummary(Utf8JsonWriter json, EvaluationReport report)
    {
        json.WriteStartArray("summary");
        foreach (var highlight in report.Highlights)
        {
            json.WriteStartObject();
            json.WriteString("policy", highlight.Best.Policy);
            json.WriteNumber("points", highlight.Points);
            JsonFields.Number(json, "lambda", highlight.Best.Lambda);
            WriteFigures(json, highlight.Best);
            JsonFields.Interval(json, "accuracy_gain_over_best_single_ci95", highlight.AccuracyGainOverBestSingle);
            json.WriteString("vs_best_single", ReportText.Significance(highlight.AccuracyGainOverBestSingle));
            JsonFields.Number(json, "aiq", report.Aiq.GetValueOrDefault(highlight.Best.Policy));
            JsonFields.Interval(json, "aiq_gain_over_zero_router_ci95", report.AiqGainOverZeroRouter.GetValueOrDefault(highlight.Best.Policy));
            json.WriteString("aiq_vs_zero_router", ReportText.Significance(report.AiqGainOverZeroRouter.GetValueOrDefault(highlight.Best.Policy)));
            JsonFields.Number(json, "apgr", report.StrongWeak?.ByPolicy.GetValueOrDefault(highlight.Best.Policy)?.Apgr);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteResults(Utf8JsonWriter json, string name, IEnumerable<PolicySummary> summaries)
    {
        json.WriteStartArray(name);
        foreach (var summary in summaries)
        {
            json.WriteStartObject();
            json.WriteString("policy", summary.Policy);
            JsonFields.Number(json, "lambda", summary.Lambda);
            json.WriteNumber("queries", summary.Queries);
            WriteFigures(json, summary);
            json.WriteStartObject("decisions");
            foreach (var (kind, count) in summary.Decisions)
            {
                json.WriteNumber(ReportText.DecisionName(kind), count);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteFigures(Utf8JsonWriter json, PolicySummary summary)
    {
        json.WriteNumber("accuracy", summary.Accuracy);
        JsonFields.Interval(json, "accuracy_ci95", summary.AccuracyInterval);
        json.WriteNumber("success_rate", summary.SuccessRate);
        json.WriteNumber("mean_cost_usd", summary.MeanCostUsd);
        JsonFields.Interval(json, "mean_cost_usd_ci95", summary.MeanCostInterval);
        json.WriteNumber("total_cost_usd", summary.TotalCostUsd);
        JsonFields.Number(json, "cost_utility", summary.CostUtility);
        JsonFields.Number(json, "strong_share", summary.StrongShare);
        JsonFields.Number(json, "mean_latency_ms", summary.MeanLatencyMs);
        JsonFields.Number(json, "p95_latency_ms", summary.P95LatencyMs);
    }

    private static void WriteAiq(Utf8JsonWriter json, EvaluationReport report)
    {
        JsonFields.NumberMap(json, "aiq", report.Aiq);
        json.WriteStartObject("aiq_ci95");
        foreach (var (policy, interval) in report.AiqIntervals)
        {
            JsonFields.Interval(json, policy, interval);
        }

        json.WriteEndObject();
        json.WriteStartArray("aiq_cost_range_usd");
        json.WriteNumberValue(0);
        json.WriteNumberValue(report.AiqCostMax);
        json.WriteEndArray();
        json.WriteStartObject("aiq_per_task");
        foreach (var (task, aiq) in report.AiqByTask)
        {
            JsonFields.NumberMap(json, task, aiq);
        }

        json.WriteEndObject();
        JsonFields.NumberMap(json, "aiq_mean_over_tasks", report.AiqMeanOverTasks);
    }

    private static void WriteFrontiers(Utf8JsonWriter json, EvaluationReport report)
    {
        json.WriteStartObject("frontiers");
        foreach (var (policy, points) in report.Frontiers)
        {
            json.WriteStartArray(policy);
            foreach (var (cost, accuracy) in points)
            {
                json.WriteStartObject();
                json.WriteNumber("mean_cost_usd", cost);
                json.WriteNumber("accuracy", accuracy);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteReadings(Utf8JsonWriter json, string name, string target, IReadOnlyList<FrontierReading> readings)
    {
        json.WriteStartArray(name);
        foreach (var reading in readings)
        {
            json.WriteStartObject();
            json.WriteNumber(target, reading.Target);
            JsonFields.NumberMap(json, "policies", reading.ByPolicy);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteStrongWeak(Utf8JsonWriter json, StrongWeakReport? report)
    {
        if (report is null)
        {
            json.WriteNull("strong_weak");
            return;
        }

        json.WriteStartObject("strong_weak");
        json.WriteString("strong", report.Strong);
        json.WriteString("weak", report.Weak);
        json.WriteNumber("strong_accuracy", report.StrongAccuracy);
        json.WriteNumber("weak_accuracy", report.WeakAccuracy);
        json.WriteString("method", "RouteLLM: trapezoid area of the policy's own (strong share, accuracy) points; null for a single point");
        json.WriteStartObject("policies");
        foreach (var (policy, metrics) in report.ByPolicy)
        {
            json.WriteStartObject(policy);
            JsonFields.Number(json, "apgr", metrics.Apgr);
            JsonFields.Number(json, "cpt50", metrics.Cpt50);
            JsonFields.Number(json, "cpt80", metrics.Cpt80);
            JsonFields.Number(json, "cpt95", metrics.Cpt95);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}

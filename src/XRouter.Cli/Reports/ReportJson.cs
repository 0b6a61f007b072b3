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
            json.WriteStartObject("dataset");
            json.WriteString("file", source.Data);
            WriteNullableString(json, "train", source.Train);
            WriteNullableString(json, "catalog", source.Catalog);
            json.WriteString("price_source", report.PriceSource);
            json.WriteNumber("queries", report.Queries);
            json.WriteNumber("excluded_queries", report.ExcludedQueries);
            WriteStrings(json, "models", report.Models);
            WriteStrings(json, "tasks", report.Tasks);
            json.WriteEndObject();

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

            WriteResults(json, "results", report.Runs.Select(r => r.Summary));
            json.WriteStartObject("per_task");
            foreach (var (task, summaries) in report.RunsByTask)
            {
                WriteResults(json, task, summaries);
            }

            json.WriteEndObject();
            json.WriteStartObject("aiq");
            foreach (var (policy, aiq) in report.Aiq)
            {
                json.WriteNumber(policy, aiq);
            }

            json.WriteEndObject();
            json.WriteStartArray("aiq_cost_range_usd");
            json.WriteNumberValue(report.CostRange.Min);
            json.WriteNumberValue(report.CostRange.Max);
            json.WriteEndArray();
            json.WriteStartObject("cost_reduction_vs_best_single");
            foreach (var (policy, reduction) in report.CostReductionVsBestSingle)
            {
                WriteNullableNumber(json, policy, reduction);
            }

            json.WriteEndObject();
            WriteStrongWeak(json, report.StrongWeak);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteResults(Utf8JsonWriter json, string name, IEnumerable<PolicySummary> summaries)
    {
        json.WriteStartArray(name);
        foreach (var summary in summaries)
        {
            json.WriteStartObject();
            json.WriteString("policy", summary.Policy);
            WriteNullableNumber(json, "lambda", summary.Lambda);
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
        json.WriteNumber("success_rate", summary.SuccessRate);
        json.WriteNumber("mean_cost_usd", summary.MeanCostUsd);
        json.WriteNumber("total_cost_usd", summary.TotalCostUsd);
        WriteNullableNumber(json, "cost_utility", summary.CostUtility);
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
        json.WriteStartObject("policies");
        foreach (var (policy, metrics) in report.ByPolicy)
        {
            json.WriteStartObject(policy);
            json.WriteNumber("apgr", metrics.Apgr);
            WriteNullableNumber(json, "cpt50", metrics.Cpt50);
            WriteNullableNumber(json, "cpt80", metrics.Cpt80);
            WriteNullableNumber(json, "cpt95", metrics.Cpt95);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}

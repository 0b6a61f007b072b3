using System.Text.Json;
using System.Text.Json.Nodes;
using AgentDemo.Run;

namespace AgentDemo.Output;

/// <summary>Renders a run for machines: one JSON document with the per-query fields and the summary.</summary>
internal static class JsonReport
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(DemoReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var document = new JsonObject
        {
            ["data"] = report.Data,
            ["excluded_queries"] = report.Excluded,
            ["agent"] = report.Agent,
            ["policy"] = report.Policy,
            ["lambda"] = report.Lambda,
            ["max_cost_usd"] = report.MaxCostUsd,
            ["queries"] = new JsonArray([.. report.Queries.Select(Query)]),
            ["summary"] = new JsonObject
            {
                ["queries"] = report.Queries.Count,
                ["xrouter"] = Point(report.Accuracy, report.CostUsd),
                ["strongest"] = Baseline(report.Strongest),
                ["cheapest"] = Baseline(report.Cheapest),
                ["cost_vs_strongest"] = report.Strongest is { CostUsd: > 0 } strongest ? report.CostUsd / strongest.CostUsd : null,
                ["accuracy_points_vs_strongest"] = report.Strongest is { } reference ? (report.Accuracy - reference.Accuracy) * 100 : null,
            },
            ["sweep"] = new JsonArray([.. report.Sweep.Select(p => (JsonNode)new JsonObject
            {
                ["lambda"] = p.Lambda,
                ["accuracy"] = p.Accuracy,
                ["cost_usd"] = p.CostUsd,
            })]),
        };
        return document.ToJsonString(s_options);
    }

    /// <summary>One query's fields, as the interactive mode also prints them.</summary>
    public static JsonObject Query(QueryOutcome q)
    {
        ArgumentNullException.ThrowIfNull(q);
        return new JsonObject
        {
            ["id"] = q.Id,
            ["task"] = q.Task,
            ["mode"] = q.Mode,
            ["models"] = new JsonArray([.. q.Models.Select(m => (JsonNode)JsonValue.Create(m))]),
            ["selected_model"] = q.SelectedModel,
            ["input_tokens"] = q.InputTokens,
            ["output_tokens"] = q.OutputTokens,
            ["tokens_estimated"] = q.TokensEstimated,
            ["cost_usd"] = q.CostUsd,
            ["correct"] = q.Correct,
            ["error"] = q.Error,
        };
    }

    private static JsonObject Point(double accuracy, double cost) => new() { ["accuracy"] = accuracy, ["cost_usd"] = cost };

    private static JsonObject? Baseline(SingleModelBaseline? baseline) =>
        baseline is null ? null : new() { ["model"] = baseline.Model, ["accuracy"] = baseline.Accuracy, ["cost_usd"] = baseline.CostUsd };
}

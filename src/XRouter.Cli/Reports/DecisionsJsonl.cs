using System.Text;
using System.Text.Json;
using XRouter.Policy.Evaluation;

namespace XRouter.Cli.Reports;

/// <summary>Writes every per-query decision of an evaluation as JSONL, so a user can see where a router went wrong.</summary>
internal static class DecisionsJsonl
{
    public static async Task WriteAsync(string path, EvaluationReport report, CancellationToken cancellationToken)
    {
        await using var file = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        foreach (var run in report.Runs)
        {
            foreach (var result in run.Results)
            {
                await file.WriteLineAsync(Line(run, result).AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Line(PolicyRun run, QueryResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("policy", result.Policy);
            JsonFields.Number(json, "lambda", run.Summary.Lambda);
            if (run.Draws > 1)
            {
                json.WriteNumber("draw", result.Draw);
            }

            json.WriteString("query_id", result.QueryId);
            JsonFields.String(json, "task", result.Task);
            json.WriteStartArray("models_called");
            foreach (string model in result.ModelsCalled)
            {
                json.WriteStringValue(model);
            }

            json.WriteEndArray();
            JsonFields.String(json, "final_model", result.FinalModel);
            json.WriteString("decision", ReportText.DecisionName(result.Decision));
            json.WriteNumber("score", result.Score);
            json.WriteNumber("cost_usd", result.CostUsd);
            JsonFields.Number(json, "latency_ms", result.LatencyMs);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

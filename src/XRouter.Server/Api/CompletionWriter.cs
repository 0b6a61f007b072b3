using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using XRouter.Policy.Routing;
using XRouter.Server.Routing;

namespace XRouter.Server.Api;

/// <summary>
/// Writes chat completions in OpenAI's schema, with exact <c>usage</c> from the ledger, the <c>xrouter</c> object and
/// the same figures under <c>router_metadata</c> in the published xRouter server's field names.
/// </summary>
internal static class CompletionWriter
{
    public static void WriteCompletion(Utf8JsonWriter writer, string id, long created, string model, ChatResponse response, RouteReport report)
    {
        var calls = response.Messages.SelectMany(m => m.Contents.OfType<FunctionCallContent>()).ToList();
        writer.WriteStartObject();
        WriteHeader(writer, id, "chat.completion", created, model);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        string text = response.Text;
        if (text.Length == 0 && calls.Count > 0)
        {
            writer.WriteNull("content");
        }
        else
        {
            writer.WriteString("content", text);
        }

        if (calls.Count > 0)
        {
            writer.WriteStartArray("tool_calls");
            for (int i = 0; i < calls.Count; i++)
            {
                WriteToolCall(writer, calls[i], index: null);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteString("finish_reason", FinishReason(response.FinishReason, calls.Count > 0));
        writer.WriteEndObject();
        writer.WriteEndArray();
        WriteUsage(writer, report);
        WriteMetadata(writer, report);
        writer.WriteEndObject();
    }

    public static void WriteHeader(Utf8JsonWriter writer, string id, string kind, long created, string model)
    {
        writer.WriteString("id", id);
        writer.WriteString("object", kind);
        writer.WriteNumber("created", created);
        writer.WriteString("model", model);
    }

    /// <summary>One tool call; <paramref name="index"/> is set for stream deltas.</summary>
    public static void WriteToolCall(Utf8JsonWriter writer, FunctionCallContent call, int? index)
    {
        writer.WriteStartObject();
        if (index is int i)
        {
            writer.WriteNumber("index", i);
        }

        writer.WriteString("id", call.CallId);
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", call.Name);
        writer.WriteString("arguments", call.Arguments is null ? "{}" : JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static string FinishReason(ChatFinishReason? reason, bool hasToolCalls) =>
        hasToolCalls ? "tool_calls"
        : reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : "stop";

    public static void WriteUsage(Utf8JsonWriter writer, RouteReport report)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", report.InputTokens);
        writer.WriteNumber("completion_tokens", report.OutputTokens);
        writer.WriteNumber("total_tokens", report.InputTokens + report.OutputTokens);
        writer.WriteEndObject();
    }

    /// <summary>The <c>xrouter</c> object and, with the same figures, <c>router_metadata</c>.</summary>
    public static void WriteMetadata(Utf8JsonWriter writer, RouteReport report)
    {
        writer.WriteStartObject("xrouter");
        writer.WriteString("mode", report.Mode);
        writer.WriteStartArray("models_used");
        foreach (string model in report.ModelsUsed)
        {
            writer.WriteStringValue(model);
        }

        writer.WriteEndArray();
        writer.WriteString("selected_model", report.SelectedModel);
        writer.WriteNumber("cost_usd", report.CostUsd);
        writer.WriteNumber("router_cost_usd", report.RouterCostUsd);
        writer.WriteNumber("downstream_cost_usd", report.DownstreamCostUsd);
        writer.WriteNumber("turns", report.Turns);
        writer.WriteBoolean("turn_limit_reached", report.TurnLimitReached);
        writer.WriteStartArray("calls");
        foreach (var call in report.Calls)
        {
            writer.WriteStartObject();
            writer.WriteString("model", call.Model);
            writer.WriteString("kind", call.Kind);
            writer.WriteString("status", call.Status);
            writer.WriteNumber("input_tokens", call.InputTokens);
            writer.WriteNumber("output_tokens", call.OutputTokens);
            writer.WriteNumber("cost_usd", call.CostUsd);
            writer.WriteNumber("latency_ms", Math.Round(call.LatencyMs, 3));
            writer.WriteBoolean("usage_estimated", call.UsageEstimated);
            if (call.Error is not null)
            {
                writer.WriteString("error", call.Error);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartObject("router_metadata");
        writer.WriteString("model_used", report.SelectedModel ?? (report.ModelsUsed.Count > 0 ? report.ModelsUsed[^1] : null));
        writer.WriteNumber("total_cost", report.CostUsd);
        writer.WriteNumber("router_cost", report.RouterCostUsd);
        writer.WriteNumber("target_models_cost", report.DownstreamCostUsd);
        writer.WriteString("routing_strategy", PublishedStrategy(report));
        writer.WriteStartArray("call_history");
        foreach (var call in report.Calls.Where(c => c.Kind == "downstream"))
        {
            writer.WriteStartObject();
            writer.WriteString("model_id", call.Model);
            writer.WriteString("function_name", ModelToolNames.ForModel(call.Model));
            writer.WriteNumber("cost", call.CostUsd);
            writer.WriteNumber("tokens_used", call.InputTokens + call.OutputTokens);
            writer.WriteNumber("latency", Math.Round(call.LatencyMs / 1000, 6));
            writer.WriteString("status", call.Status);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("turns_used", report.Turns);
        writer.WriteEndObject();
    }

    public static string Cost(RouteReport report) => report.CostUsd.ToString("R", CultureInfo.InvariantCulture);

    // The published server's names: select_response, direct_response (the router's own text, after calls or not),
    // max_turns_reached, and direct for a request sent straight to one model.
    private static string PublishedStrategy(RouteReport report) => report switch
    {
        { TurnLimitReached: true } => "max_turns_reached",
        { Mode: RouteReport.RouteMode } => "direct",
        { Mode: "select" } => "select_response",
        _ => "direct_response",
    };
}

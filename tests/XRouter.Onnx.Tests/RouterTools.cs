using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace XRouter.Onnx.Tests;

/// <summary>A router's tool list: twelve <c>call_&lt;model&gt;</c> functions in the shape XRouter advertises, plus select_response.</summary>
internal static class RouterTools
{
    private static readonly JsonElement s_callSchema = JsonDocument.Parse("""
        {"type": "object", "properties": {
          "optimized_system_prompt": {"type": "string", "description": "The system prompt for this model, written for this query."},
          "temperature": {"type": "number", "minimum": 0, "maximum": 2, "description": "Sampling temperature from 0 to 2."}},
         "required": ["optimized_system_prompt"]}
        """).RootElement.Clone();

    private static readonly JsonElement s_selectSchema = JsonDocument.Parse("""
        {"type": "object", "properties": {"model_call_name": {"type": "string", "description": "The call_<model> tool whose reply to return."}}, "required": ["model_call_name"]}
        """).RootElement.Clone();

    public static readonly string[] Models =
        ["gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o3", "o4-mini", "gpt-oss-20b", "gpt-oss-120b", "qwen3-235b", "deepseek-r1"];

    public const string SystemPrompt =
        "You are XRouter, an orchestrator that answers the user's query at the lowest cost that still gets it right. " +
        "Answer trivial queries yourself; otherwise call the best-suited model, and select or synthesize its reply.";

    public static List<AITool> All() =>
    [
        .. Models.Select((model, i) => (AITool)AIFunctionFactory.CreateDeclaration(
            "call_" + model.Replace('-', '_').Replace('.', '_'),
            string.Create(CultureInfo.InvariantCulture, $"Call {model} model. Strong general model, tier {1 + (i % 3)}. Cost: ${0.05 * (i + 1):0.00}/M input tokens, ${0.4 * (i + 1):0.00}/M output tokens. Context 128k, max output 16k."),
            s_callSchema)),
        AIFunctionFactory.CreateDeclaration("select_response", "Return one earlier model reply verbatim as the final answer.", s_selectSchema),
    ];

    public static List<ChatMessage> Conversation(string query) =>
        [new(ChatRole.System, SystemPrompt), new(ChatRole.User, query)];
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace XRouter.Benchmarks;

/// <summary>A realistic router request: a system prompt, twelve priced call_&lt;model&gt; tools, select_response, and a query.</summary>
internal static class RouterPrompt
{
    private static readonly JsonElement s_arguments = JsonDocument.Parse(
        """{"type": "object", "properties": {"optimized_system_prompt": {"type": "string"}, "temperature": {"type": "number"}}, "required": ["optimized_system_prompt"]}""").RootElement.Clone();

    public static ChatOptions Options(int maxOutputTokens) => new()
    {
        MaxOutputTokens = maxOutputTokens,
        Tools =
        [
            .. Enumerable.Range(1, 12).Select(i => (AITool)AIFunctionFactory.CreateDeclaration(
                string.Create(CultureInfo.InvariantCulture, $"call_model_{i}"),
                string.Create(CultureInfo.InvariantCulture, $"Call model-{i} model. A general model of quality tier {1 + (i % 3)}, good at math, code and reasoning. Cost: ${0.05 * i:0.00}/M input tokens, ${0.4 * i:0.00}/M output tokens. Context 128k tokens, max output 16k tokens."),
                s_arguments)),
            AIFunctionFactory.CreateDeclaration("select_response", "Return an earlier model reply verbatim.", JsonDocument.Parse(
                """{"type": "object", "properties": {"model_call_name": {"type": "string"}}, "required": ["model_call_name"]}""").RootElement.Clone()),
        ],
    };

    public static List<ChatMessage> Messages(string query) =>
    [
        new(ChatRole.System, "You are XRouter, an orchestrator that answers the user's query at the lowest cost that still gets it right. " +
            "Answer trivial queries yourself; otherwise call the best-suited model through its call_<model> tool, then select its reply or synthesize an answer."),
        new(ChatRole.User, query),
    ];
}

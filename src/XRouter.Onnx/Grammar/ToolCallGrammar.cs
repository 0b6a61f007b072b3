using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace XRouter.Onnx.Grammar;

/// <summary>
/// Builds the lark grammar (llguidance dialect, as ONNX Runtime GenAI's guidance reads it) that lets a
/// Qwen2.5-format model write either plain text or one or more <c>&lt;tool_call&gt;</c> blocks, each holding
/// <c>{"name": ..., "arguments": ...}</c> for an advertised function with arguments valid under its schema.
/// JSON whitespace is strict and uses the separators of the chat template (<c>", "</c> and <c>": "</c>): with
/// flexible whitespace a weak model pads the JSON until it runs out of tokens.
/// </summary>
internal static class ToolCallGrammar
{
    /// <param name="tools">The advertised functions; at least one.</param>
    /// <param name="toolCallRequired">True allows only tool calls (<see cref="ChatToolMode.RequireAny"/>); false also allows text.</param>
    /// <param name="maxStringLength">When set, the longest string any argument may hold unless its schema says otherwise.</param>
    public static string Build(IReadOnlyList<AIFunctionDeclaration> tools, bool toolCallRequired, int? maxStringLength)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentOutOfRangeException.ThrowIfZero(tools.Count, nameof(tools));
        var calls = new JsonArray([.. tools.Select(tool => CallSchema(tool, maxStringLength))]);
        var body = new JsonObject
        {
            ["anyOf"] = calls,
            ["x-guidance"] = new JsonObject
            {
                ["whitespace_flexible"] = false,
                ["item_separator"] = ", ",
                ["key_separator"] = ": ",
            },
        };

        var grammar = new StringBuilder();
        grammar.AppendLine("%llguidance {}");
        grammar.AppendLine(toolCallRequired ? "start: calls" : "start: TEXT | calls");
        grammar.AppendLine("calls: call (\"\\n\" call)*");
        grammar.AppendLine("call: \"<tool_call>\\n\" body \"\\n</tool_call>\"");
        grammar.Append("body: %json ").AppendLine(body.ToJsonString());

        // Text may not begin with '<', so that a reply starting a tool call cannot drift into free text.
        grammar.AppendLine("TEXT: /[^<](.|\\n)*/");
        return grammar.ToString();
    }

    private static JsonObject CallSchema(AIFunctionDeclaration tool, int? maxStringLength)
    {
        var arguments = JsonNode.Parse(tool.JsonSchema.GetRawText()) as JsonObject
            ?? throw new ArgumentException($"tool '{tool.Name}' has a parameter schema that is not a JSON object.", nameof(tool));
        arguments.Remove("$schema");
        Tighten(arguments, maxStringLength);

        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["name"] = new JsonObject { ["const"] = tool.Name },
                ["arguments"] = arguments,
            },
            ["required"] = new JsonArray("name", "arguments"),
            ["additionalProperties"] = false,
        };
    }

    /// <summary>
    /// Objects take only their declared properties unless the schema says otherwise (JSON Schema's default would
    /// let a weak model invent keys forever), and strings get the optional length bound.
    /// </summary>
    private static void Tighten(JsonNode? node, int? maxStringLength)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema.ContainsKey("properties") && !schema.ContainsKey("additionalProperties"))
                {
                    schema["additionalProperties"] = false;
                }

                if (maxStringLength is int bound && AllowsString(schema["type"]) && !schema.ContainsKey("maxLength") && !schema.ContainsKey("enum") && !schema.ContainsKey("const"))
                {
                    schema["maxLength"] = bound;
                }

                foreach (var (_, child) in schema.ToList())
                {
                    Tighten(child, maxStringLength);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Tighten(child, maxStringLength);
                }

                break;
        }
    }

    private static bool AllowsString(JsonNode? type) => type switch
    {
        JsonValue value => value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() == "string",
        JsonArray types => types.Any(t => t is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == "string"),
        _ => false,
    };
}

using System.Text.Json;

namespace XRouter.Onnx.ChatTemplates;

/// <summary>Reads OpenAI chat-completions messages and tools into the shapes the template writer takes.</summary>
internal static class OpenAIChatJson
{
    /// <summary>A repeated property would silently win over its twin, so the request the prompt shows is not the one sent.</summary>
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    public static List<TemplateMessage> ParseMessages(string json)
    {
        var messages = ArrayOf(json, "messages");
        var result = new List<TemplateMessage>();
        for (int i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            string role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String
                ? r.GetString()!
                : throw new InvalidDataException($"messages[{i}] has no string 'role'.");
            string? content = message.TryGetProperty("content", out var c) ? Content(c, i) : null;
            var calls = message.TryGetProperty("tool_calls", out var t) && t.ValueKind == JsonValueKind.Array
                ? t.EnumerateArray().Select((call, j) => ToolCall(call, i, j)).ToList()
                : [];
            result.Add(new TemplateMessage(role, content, calls));
        }

        return result;
    }

    public static List<JsonElement> ParseTools(string json) => ArrayOf(json, "tools");

    private static List<JsonElement> ArrayOf(string json, string property)
    {
        using var document = JsonDocument.Parse(json, Strict);
        var root = document.RootElement;
        var array = root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var inner) ? inner : root;
        return array.ValueKind == JsonValueKind.Array
            ? [.. array.EnumerateArray().Select(e => e.Clone())]
            : throw new InvalidDataException($"expected a JSON array of {property} (or an object with a '{property}' array), got {array.ValueKind}.");
    }

    /// <summary>String content as is; content parts (the array form) joined by their text.</summary>
    private static string? Content(JsonElement content, int index) => content.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => content.GetString(),
        JsonValueKind.Array => string.Concat(content.EnumerateArray().Select(part =>
            part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
                ? text.GetString()
                : throw new InvalidDataException($"messages[{index}].content has a part without 'text'; only text parts can be rendered."))),
        _ => throw new InvalidDataException($"messages[{index}].content must be a string, an array of text parts or null."),
    };

    private static TemplateToolCall ToolCall(JsonElement call, int message, int index)
    {
        var function = call.TryGetProperty("function", out var f) ? f : call;
        string where = $"messages[{message}].tool_calls[{index}]";
        string name = function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()!
            : throw new InvalidDataException($"{where} has no function name.");
        var arguments = function.TryGetProperty("arguments", out var a) ? a : default;
        if (arguments.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var parsed = JsonDocument.Parse(arguments.GetString()!, Strict);
                arguments = parsed.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{where}.function.arguments is a string that does not read as JSON: {e.Message}", e);
            }
        }

        return new TemplateToolCall(name, arguments.ValueKind == JsonValueKind.Undefined ? JsonDocument.Parse("{}").RootElement : arguments.Clone());
    }
}

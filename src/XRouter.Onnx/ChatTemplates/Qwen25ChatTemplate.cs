using System.Text.Json;
using Microsoft.Extensions.AI;

namespace XRouter.Onnx.ChatTemplates;

/// <summary>
/// Renders conversations into the exact prompt text of Qwen2.5's chat template (and so of models
/// fine-tuned from it, such as xRouter-7B): the default system text when none is given, a <c># Tools</c>
/// block with one JSON object per tool, a <c>&lt;tool_call&gt;</c> block per assistant call, and consecutive
/// tool results merged into one user turn of <c>&lt;tool_response&gt;</c> blocks.
/// </summary>
public static class Qwen25ChatTemplate
{
    /// <summary>The system text the template uses when the conversation does not start with a system message.</summary>
    public const string DefaultSystemPrompt = Qwen25PromptWriter.DefaultSystem;

    /// <summary>Renders Microsoft.Extensions.AI messages and function tools.</summary>
    /// <param name="messages">The conversation; function calls and results travel as <see cref="FunctionCallContent"/> and <see cref="FunctionResultContent"/>.</param>
    /// <param name="tools">The tools to advertise; each must be an <see cref="AIFunctionDeclaration"/>.</param>
    /// <param name="addGenerationPrompt">Whether to end with the opening of an assistant turn.</param>
    /// <exception cref="ArgumentException">When a message has an unknown role or a tool is not a function.</exception>
    public static string Render(IEnumerable<ChatMessage> messages, IEnumerable<AITool>? tools = null, bool addGenerationPrompt = true)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var templateMessages = messages.SelectMany(ToTemplate).ToList();
        var toolJson = (tools ?? []).Select(ToolJson).ToList();
        return Qwen25PromptWriter.Write(templateMessages, toolJson, addGenerationPrompt);
    }

    /// <summary>
    /// Renders OpenAI chat-completions JSON: <paramref name="messagesJson"/> is an array of messages (or an
    /// object with a <c>messages</c> array) and <paramref name="toolsJson"/> an array of tools (or an object
    /// with a <c>tools</c> array), written into the prompt exactly as given. Tool-call arguments given as a
    /// JSON string are parsed into the object the template expects.
    /// </summary>
    /// <exception cref="JsonException">When the JSON is malformed or an object repeats a property.</exception>
    /// <exception cref="InvalidDataException">When a message or tool lacks a required field (the message names it).</exception>
    public static string RenderOpenAIChat(string messagesJson, string? toolsJson = null, bool addGenerationPrompt = true)
    {
        ArgumentNullException.ThrowIfNull(messagesJson);
        var messages = OpenAIChatJson.ParseMessages(messagesJson);
        var tools = toolsJson is null ? [] : OpenAIChatJson.ParseTools(toolsJson);
        return Qwen25PromptWriter.Write(messages, tools, addGenerationPrompt);
    }

    private static IEnumerable<TemplateMessage> ToTemplate(ChatMessage message)
    {
        var results = message.Contents.OfType<FunctionResultContent>().ToList();
        if (results.Count > 0)
        {
            return results.Select(r => new TemplateMessage("tool", ResultText(r.Result)));
        }

        var calls = message.Contents.OfType<FunctionCallContent>()
            .Select(c => new TemplateToolCall(c.Name, JsonSerializer.SerializeToElement(c.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions)))
            .ToList();
        return [new TemplateMessage(message.Role.Value, message.Text, calls)];
    }

    /// <summary>A tool result as the text inside <c>&lt;tool_response&gt;</c>: strings verbatim, anything else as JSON.</summary>
    private static string ResultText(object? result) => result switch
    {
        null => string.Empty,
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        JsonElement element => PythonJson.Serialize(element),
        _ => PythonJson.Serialize(JsonSerializer.SerializeToElement(result, AIJsonUtilities.DefaultOptions)),
    };

    /// <summary>The OpenAI tool object that Hugging Face's <c>get_json_schema</c> builds for a function.</summary>
    private static JsonElement ToolJson(AITool tool)
    {
        if (tool is not AIFunctionDeclaration function)
        {
            throw new ArgumentException($"tool '{tool.Name}' is a {tool.GetType().Name}; only function tools can be rendered.", nameof(tool));
        }

        var definition = new Dictionary<string, object?> { ["name"] = function.Name };
        if (!string.IsNullOrEmpty(function.Description))
        {
            definition["description"] = function.Description;
        }

        definition["parameters"] = function.JsonSchema;
        var wrapper = new Dictionary<string, object?> { ["type"] = "function", ["function"] = definition };
        return JsonSerializer.SerializeToElement(wrapper, AIJsonUtilities.DefaultOptions);
    }
}

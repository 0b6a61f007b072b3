using System.Text.Json;

namespace XRouter.Onnx.ChatTemplates;

/// <summary>A chat message in the shape chat templates see: role, text content and the assistant's tool calls.</summary>
internal sealed record TemplateMessage(string Role, string? Content, IReadOnlyList<TemplateToolCall> ToolCalls)
{
    public TemplateMessage(string role, string? content)
        : this(role, content, [])
    {
    }
}

/// <summary>One tool call of an assistant message: the function name and its arguments object.</summary>
internal sealed record TemplateToolCall(string Name, JsonElement Arguments);

using System.Text;
using System.Text.Json;

namespace XRouter.Onnx.ChatTemplates;

/// <summary>
/// The Qwen2.5 chat template (the Jinja <c>chat_template</c> of Qwen2.5-Instruct's tokenizer_config.json)
/// transcribed statement by statement, over template-shaped messages and tool JSON.
/// </summary>
internal static class Qwen25PromptWriter
{
    public const string DefaultSystem = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

    private const string ToolsPreamble =
        "\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n" +
        "You are provided with function signatures within <tools></tools> XML tags:\n<tools>";

    private const string ToolsPostscript =
        "\n</tools>\n\nFor each function call, return a json object with function name and arguments within " +
        "<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n";

    public static string Write(IReadOnlyList<TemplateMessage> messages, IReadOnlyList<JsonElement> tools, bool addGenerationPrompt)
    {
        var prompt = new StringBuilder();
        bool leadingSystem = messages.Count > 0 && messages[0].Role == "system";
        string system = leadingSystem ? messages[0].Content ?? string.Empty : DefaultSystem;
        if (tools.Count > 0)
        {
            prompt.Append("<|im_start|>system\n").Append(system).Append(ToolsPreamble);
            foreach (var tool in tools)
            {
                prompt.Append('\n').Append(PythonJson.Serialize(tool));
            }

            prompt.Append(ToolsPostscript);
        }
        else
        {
            prompt.Append("<|im_start|>system\n").Append(system).Append("<|im_end|>\n");
        }

        for (int i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            switch (message.Role)
            {
                case "system" when i == 0:
                    break;
                case "user" or "system":
                case "assistant" when message.ToolCalls.Count == 0:
                    prompt.Append("<|im_start|>").Append(message.Role).Append('\n').Append(message.Content).Append("<|im_end|>\n");
                    break;
                case "assistant":
                    WriteToolCalls(prompt, message);
                    break;
                case "tool":
                    if (i == 0 || messages[i - 1].Role != "tool")
                    {
                        prompt.Append("<|im_start|>user");
                    }

                    prompt.Append("\n<tool_response>\n").Append(message.Content).Append("\n</tool_response>");
                    if (i == messages.Count - 1 || messages[i + 1].Role != "tool")
                    {
                        prompt.Append("<|im_end|>\n");
                    }

                    break;
                default:
                    // The template would drop the message silently; an unknown role is a caller error.
                    throw new ArgumentException($"message {i} has role '{message.Role}'; the Qwen2.5 template knows system, user, assistant and tool.", nameof(messages));
            }
        }

        if (addGenerationPrompt)
        {
            prompt.Append("<|im_start|>assistant\n");
        }

        return prompt.ToString();
    }

    private static void WriteToolCalls(StringBuilder prompt, TemplateMessage message)
    {
        prompt.Append("<|im_start|>assistant");
        if (!string.IsNullOrEmpty(message.Content))
        {
            prompt.Append('\n').Append(message.Content);
        }

        foreach (var call in message.ToolCalls)
        {
            prompt.Append("\n<tool_call>\n{\"name\": \"").Append(call.Name).Append("\", \"arguments\": ")
                .Append(PythonJson.Serialize(call.Arguments)).Append("}\n</tool_call>");
        }

        prompt.Append("<|im_end|>\n");
    }
}

using System.CommandLine;
using XRouter.Onnx.ChatTemplates;

namespace XRouter.Cli.Commands;

/// <summary><c>xrouter template</c>: print the exact Qwen2.5 prompt for an OpenAI chat conversation.</summary>
internal static class TemplateCommand
{
    public static Command Create()
    {
        var messages = new Option<FileInfo>("--messages") { Description = "OpenAI chat JSON: an array of messages, or an object with a \"messages\" array.", Required = true };
        var tools = new Option<FileInfo?>("--tools") { Description = "OpenAI tools JSON: an array of tools, or an object with a \"tools\" array." };
        var command = new Command("template", "Print the exact prompt Qwen2.5's chat template renders (generation prompt included).") { messages, tools };
        command.SetAction(parse => CommandFailure.RunAsync(async () =>
        {
            string messagesJson = await File.ReadAllTextAsync(parse.GetValue(messages)!.FullName).ConfigureAwait(false);
            string? toolsJson = parse.GetValue(tools) is FileInfo file ? await File.ReadAllTextAsync(file.FullName).ConfigureAwait(false) : null;
            await parse.InvocationConfiguration.Output.WriteAsync(Qwen25ChatTemplate.RenderOpenAIChat(messagesJson, toolsJson)).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}

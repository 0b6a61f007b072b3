using System.Text;
using Microsoft.Extensions.AI;
using XRouter.Onnx.ChatTemplates;

namespace XRouter.Onnx;

/// <summary>
/// Shapes the streamed text of one assistant reply: text passes through until a <c>&lt;tool_call&gt;</c> tag
/// begins (a partial tag is held back); from there on it is kept, and parsed when the reply ends into
/// function calls with generated call ids, recoverable errors and any remaining text.
/// </summary>
internal sealed class AssistantReplyStream(IReadOnlyCollection<string> advertisedTools)
{
    private readonly StopSequenceMatcher _toolCallTag = new(["<tool_call>"]);
    private StringBuilder? _toolSection;

    /// <summary>Takes a text delta and returns the part that is certainly content.</summary>
    public string Push(string delta, bool final)
    {
        if (_toolSection is not null)
        {
            _toolSection.Append(delta);
            return string.Empty;
        }

        var (text, started, remainder) = _toolCallTag.Push(delta, final);
        if (started)
        {
            _toolSection = new StringBuilder(remainder);
        }

        return text;
    }

    /// <summary>The contents of the tool-call section: text, function calls and errors, in that order.</summary>
    public List<AIContent> Complete()
    {
        if (_toolSection is null)
        {
            return [];
        }

        var reply = Qwen25ToolCallParser.Parse(_toolSection.ToString(), advertisedTools);
        var contents = new List<AIContent>();
        if (reply.Content.Length > 0)
        {
            contents.Add(new TextContent(reply.Content));
        }

        contents.AddRange(reply.ToolCalls.Select(call => new FunctionCallContent(NewCallId(), call.Name, call.Arguments)));
        contents.AddRange(reply.Errors.Select(error => new ErrorContent(error.Message) { ErrorCode = "invalid_tool_call", Details = error.RawText }));
        return contents;
    }

    private static string NewCallId() => "call_" + Guid.NewGuid().ToString("N")[..24];
}

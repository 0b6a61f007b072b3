using Microsoft.Extensions.AI;
using XRouter.Onnx;

namespace XRouter.Onnx.Tests;

public sealed class AssistantReplyStreamTests
{
    private static readonly string[] s_tools = ["call_gpt_5", "select_response"];

    [Fact]
    public void StreamsTextBeforeAToolCallAndNeverTheTag()
    {
        var reply = new AssistantReplyStream(s_tools);

        string first = reply.Push("Asking. <tool", final: false);
        string second = reply.Push("_call>\n{\"name\": \"call_gpt_5\", \"arguments\": {}}\n</tool_call>", final: true);

        Assert.Equal("Asking. ", first);
        Assert.Equal(string.Empty, second);
    }

    [Fact]
    public void CompletesIntoFunctionCallsWithDistinctGeneratedIds()
    {
        var reply = new AssistantReplyStream(s_tools);
        reply.Push("<tool_call>{\"name\": \"call_gpt_5\", \"arguments\": {}}</tool_call><tool_call>{\"name\": \"select_response\", \"arguments\": {\"model_call_name\": \"call_gpt_5\"}}</tool_call>", final: true);

        var calls = reply.Complete().OfType<FunctionCallContent>().ToList();

        Assert.Equal(["call_gpt_5", "select_response"], calls.Select(c => c.Name));
        Assert.All(calls, c => Assert.StartsWith("call_", c.CallId, StringComparison.Ordinal));
        Assert.NotEqual(calls[0].CallId, calls[1].CallId);
    }

    [Fact]
    public void AnUnknownToolBecomesAnErrorContentWithTheRawText()
    {
        var reply = new AssistantReplyStream(s_tools);
        const string block = "<tool_call>{\"name\": \"rm_rf\", \"arguments\": {}}</tool_call>";
        reply.Push(block, final: true);

        var error = Assert.IsType<ErrorContent>(Assert.Single(reply.Complete()));

        Assert.Equal("invalid_tool_call", error.ErrorCode);
        Assert.Equal(block, error.Details);
        Assert.Contains("rm_rf", error.Message, StringComparison.Ordinal);
    }
}

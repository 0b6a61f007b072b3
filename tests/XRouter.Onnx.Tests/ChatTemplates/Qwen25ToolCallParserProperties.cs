using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using XRouter.Onnx.ChatTemplates;
using XRouter.Testing;

namespace XRouter.Onnx.Tests.ChatTemplates;

public sealed class Qwen25ToolCallParserProperties
{
    private static readonly string[] Advertised = ["call_gpt_5_mini", "select_response"];

    private static readonly Arbitrary<string> Replies = TextMutations.Of(
        """I will ask a model.<tool_call>{"name": "call_gpt_5_mini", "arguments": {"optimized_system_prompt": "Be exact.", "temperature": 0.2}}</tool_call>""",
        """<tool_call>{"name": "select_response", "arguments": {"model_call_name": "call_gpt_5_mini"}}</tool_call>""",
        """<tool_call>{"name": "call_gpt_5_mini", "arguments": {}}</tool_call><tool_call>{"name": "unknown_tool", "arguments": {"x": [1, 2]}}""",
        "The answer is 42.");

    [Property(MaxTest = TextMutations.Cases)]
    public Property Any_text_parses_without_throwing_and_every_rejection_says_why() => Prop.ForAll(Replies, text =>
    {
        var reply = Qwen25ToolCallParser.Parse(text, Advertised);

        return reply.Errors.All(e => !string.IsNullOrWhiteSpace(e.Message))
            && reply.ToolCalls.All(c => Advertised.Contains(c.Name));
    });

    [Property(MaxTest = TextMutations.Cases)]
    public Property Every_tool_call_block_becomes_a_call_or_an_error() => Prop.ForAll(Replies, text =>
    {
        var reply = Qwen25ToolCallParser.Parse(text, Advertised);

        int blocks = CountBlocks(text);
        return reply.ToolCalls.Count + reply.Errors.Count == blocks;
    });

    private static int CountBlocks(string text)
    {
        int count = 0, position = 0;
        while ((position = text.IndexOf("<tool_call>", position, StringComparison.Ordinal)) >= 0)
        {
            count++;
            int close = text.IndexOf("</tool_call>", position + "<tool_call>".Length, StringComparison.Ordinal);
            if (close < 0)
            {
                break;
            }

            position = close + "</tool_call>".Length;
        }

        return count;
    }

    // Found by the properties above: a lone surrogate, raw or escaped, made System.Text.Json throw out of the parser.
    [Theory]
    [InlineData("<tool_call>{\"na\uD800me\": \"select_response\", \"arguments\": {}}</tool_call>")]
    [InlineData("<tool_call>{\"name\": \"select_response\", \"arguments\": {\"model_call_name\": \"\\ud800\"}}</tool_call>")]
    [InlineData("<tool_call>{\"name\": \"select_\\ud800response\", \"arguments\": {}}</tool_call>")]
    public void A_lone_surrogate_in_a_tool_call_is_a_tool_call_error(string text)
    {
        var reply = Qwen25ToolCallParser.Parse(text, Advertised);

        var error = Assert.Single(reply.Errors);
        Assert.Empty(reply.ToolCalls);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}

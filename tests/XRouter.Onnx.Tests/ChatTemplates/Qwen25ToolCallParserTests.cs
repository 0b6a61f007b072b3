using System.Text.Json;
using XRouter.Onnx.ChatTemplates;

namespace XRouter.Onnx.Tests.ChatTemplates;

public sealed class Qwen25ToolCallParserTests
{
    private static readonly string[] s_tools = ["call_gpt_5", "select_response"];

    [Fact]
    public void PlainTextIsContentWithoutCalls()
    {
        var reply = Qwen25ToolCallParser.Parse("The answer is 4.", s_tools);

        Assert.Equal("The answer is 4.", reply.Content);
        Assert.Empty(reply.ToolCalls);
        Assert.Empty(reply.Errors);
    }

    [Fact]
    public void ParsesSeveralCallsAndKeepsTextOutsideThemAsContent()
    {
        const string text = "Let me ask.\n<tool_call>\n{\"name\": \"call_gpt_5\", \"arguments\": {\"optimized_system_prompt\": \"Be exact.\", \"temperature\": 0.2}}\n</tool_call>\n" +
            "<tool_call>\n{\"name\": \"select_response\", \"arguments\": {\"model_call_name\": \"call_gpt_5\"}}\n</tool_call>";

        var reply = Qwen25ToolCallParser.Parse(text, s_tools);

        Assert.Equal("Let me ask.", reply.Content);
        Assert.Equal(["call_gpt_5", "select_response"], reply.ToolCalls.Select(c => c.Name));
        Assert.Equal(0.2, ((JsonElement)reply.ToolCalls[0].Arguments["temperature"]!).GetDouble());
        Assert.Empty(reply.Errors);
    }

    [Fact]
    public void AcceptsATrailingUnterminatedBlockWhoseJsonIsComplete()
    {
        var reply = Qwen25ToolCallParser.Parse("<tool_call>\n{\"name\": \"call_gpt_5\", \"arguments\": {}}\n", s_tools);

        Assert.Equal("call_gpt_5", Assert.Single(reply.ToolCalls).Name);
    }

    [Fact]
    public void InvalidJsonBecomesAnErrorWithTheRawBlock()
    {
        const string block = "<tool_call>\n{\"name\": \"call_gpt_5\", \"arguments\": {\"x\": }\n</tool_call>";

        var reply = Qwen25ToolCallParser.Parse("ok " + block, s_tools);

        var error = Assert.Single(reply.Errors);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal(block, error.RawText);
        Assert.Equal("ok", reply.Content);
    }

    [Fact]
    public void ARepeatedArgumentBecomesAnErrorNamingIt()
    {
        const string text = "<tool_call>{\"name\": \"call_a\", \"arguments\": {\"temperature\": 0, \"temperature\": 0.2}}</tool_call>";

        var reply = Qwen25ToolCallParser.Parse(text);

        Assert.Empty(reply.ToolCalls);
        var error = Assert.Single(reply.Errors);
        Assert.Contains("temperature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownToolNameBecomesAnErrorThatListsTheAdvertisedOnes()
    {
        var reply = Qwen25ToolCallParser.Parse("<tool_call>{\"name\": \"call_gpt_6\", \"arguments\": {}}</tool_call>", s_tools);

        var error = Assert.Single(reply.Errors);
        Assert.Contains("call_gpt_6", error.Message, StringComparison.Ordinal);
        Assert.Contains("select_response", error.Message, StringComparison.Ordinal);
        Assert.Empty(reply.ToolCalls);
    }

    [Fact]
    public void ArgumentsGivenAsAJsonStringAreAccepted()
    {
        var reply = Qwen25ToolCallParser.Parse("<tool_call>{\"name\": \"select_response\", \"arguments\": \"{\\\"model_call_name\\\": \\\"call_gpt_5\\\"}\"}</tool_call>", s_tools);

        Assert.Equal("call_gpt_5", ((JsonElement)Assert.Single(reply.ToolCalls).Arguments["model_call_name"]!).GetString());
    }

    [Fact]
    public void ArgumentsThatAreNotAnObjectBecomeAnError()
    {
        var reply = Qwen25ToolCallParser.Parse("<tool_call>{\"name\": \"select_response\", \"arguments\": [1]}</tool_call>", s_tools);

        Assert.Contains("arguments", Assert.Single(reply.Errors).Message, StringComparison.Ordinal);
    }
}

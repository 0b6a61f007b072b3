using System.Text.Json;
using Microsoft.Extensions.AI;
using XRouter.Onnx.Grammar;
using XRouter.Testing;

namespace XRouter.Onnx.Tests.Grammar;

/// <summary>
/// The tool-call grammar under ONNX Runtime GenAI's guidance, on the random-weight fixture: unconstrained, such
/// a model never writes a tool call; constrained, it can write nothing else.
/// </summary>
public sealed class ToolCallGrammarTests
{
    [SharedAssetsFact]
    public async Task ARequiredToolCallIsAWellFormedCallOfAnAdvertisedFunctionWithSchemaValidArguments()
    {
        using var client = OnnxDecoderChatClientTests.NewClient(constrainToolCalls: true);
        var tools = RouterTools.All();
        var options = new ChatOptions { Tools = tools, ToolMode = ChatToolMode.RequireAny, MaxOutputTokens = 160 };

        var response = await client.GetResponseAsync(RouterTools.Conversation("What is 17 * 23?"), options);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Contains(call.Name, tools.Select(t => t.Name));
        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<ErrorContent>());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        if (call.Name != "select_response")
        {
            var prompt = Assert.IsType<JsonElement>(call.Arguments!["optimized_system_prompt"]);
            Assert.InRange(prompt.GetString()!.Length, 0, 24);
        }
    }

    [SharedAssetsFact]
    public async Task WithoutTheGrammarTheSameModelWritesNoToolCall()
    {
        using var client = OnnxDecoderChatClientTests.NewClient();
        var options = new ChatOptions { Tools = RouterTools.All(), ToolMode = ChatToolMode.RequireAny, MaxOutputTokens = 32 };

        var response = await client.GetResponseAsync(RouterTools.Conversation("What is 17 * 23?"), options);

        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
    }

    [Fact]
    public void TheGrammarNamesEveryToolWithStrictWhitespace()
    {
        var grammar = ToolCallGrammar.Build([.. RouterTools.All().OfType<AIFunctionDeclaration>()], toolCallRequired: false, maxStringLength: 100);

        Assert.StartsWith("%llguidance {}\nstart: TEXT | calls\n", grammar, StringComparison.Ordinal);
        Assert.Contains("\"whitespace_flexible\":false", grammar, StringComparison.Ordinal);
        Assert.Contains("{\"const\":\"call_gpt_4_1\"}", grammar, StringComparison.Ordinal);
        Assert.Contains("{\"const\":\"select_response\"}", grammar, StringComparison.Ordinal);
        Assert.Contains("\"maxLength\":100", grammar, StringComparison.Ordinal);
    }
}

using System.Text;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.SemanticKernel.Services;
using XRouter.SemanticKernel.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.SemanticKernel.Tests.Services;

public sealed class XRouterStreamingTests
{
    [Fact]
    public async Task Streaming_select_yields_the_chosen_reply_and_ends_with_cost_metadata()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", "p")), ScriptedBackbone.Select("call_model_a"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-a", new ScriptedReply("streamed verbatim reply", 10, 4));

        var (text, last) = await StreamAsync(harness, "q");

        Assert.Equal("streamed verbatim reply", text);
        Assert.Equal("select", last.Metadata![XRouterChatCompletionService.ModeKey]);
        Assert.True((double)last.Metadata[XRouterChatCompletionService.DownstreamCostKey]! > 0);
    }

    [Fact]
    public async Task Streaming_direct_yields_the_router_text()
    {
        await using var harness = await RouterHarness.StartAsync(new ScriptedBackbone(ScriptedBackbone.Text("Hi there.")));

        var (text, last) = await StreamAsync(harness, "hello");

        Assert.Equal("Hi there.", text);
        Assert.Equal("direct", last.Metadata![XRouterChatCompletionService.ModeKey]);
    }

    private static async Task<(string Text, StreamingChatMessageContent Last)> StreamAsync(RouterHarness harness, string query)
    {
        var history = new ChatHistory();
        history.AddUserMessage(query);
        var text = new StringBuilder();
        StreamingChatMessageContent? last = null;
        await foreach (var update in harness.Router.GetStreamingChatMessageContentsAsync(history, kernel: harness.Kernel))
        {
            text.Append(update.Content);
            last = update;
        }

        return (text.ToString(), last!);
    }
}

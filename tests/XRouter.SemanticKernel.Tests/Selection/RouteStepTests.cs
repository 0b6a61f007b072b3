using System.Diagnostics;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.SemanticKernel.Services;
using XRouter.SemanticKernel.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.SemanticKernel.Tests.Selection;

public sealed class RouteStepTests
{
    private const string Reply = "one two three four five six";

    [Fact]
    public async Task A_route_step_returns_the_reply_verbatim_in_one_router_turn()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Route("call_model_a"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-a", new ScriptedReply(Reply, 10, 6) { Delay = TimeSpan.FromMilliseconds(100) });

        var reply = await harness.AskAsync("q");

        Assert.Equal((Reply, "select", 1), (reply.Content, reply.Mode(), reply.Turns()));
        Assert.Single(backbone.Seen);
    }

    [Fact]
    public async Task A_streamed_route_step_delivers_the_first_chunk_before_the_model_has_finished()
    {
        await using var harness = await RouterHarness.StartAsync(new ScriptedBackbone(ScriptedBackbone.Route("call_model_a")));
        harness.Server.Script("model-a", new ScriptedReply(Reply, 10, 6) { ChunkDelay = TimeSpan.FromMilliseconds(150) });
        var history = new ChatHistory();
        history.AddUserMessage("q");
        long? firstChunk = null;
        var chunks = new List<string>();

        await foreach (var update in harness.Router.GetStreamingChatMessageContentsAsync(history, kernel: harness.Kernel))
        {
            if (!string.IsNullOrEmpty(update.Content))
            {
                firstChunk ??= Stopwatch.GetTimestamp();
                chunks.Add(update.Content);
            }
        }

        var served = Assert.Single(harness.Server.ReceivedFor("model-a"));
        Assert.True(served.Stream);
        Assert.True(firstChunk < served.FinishedTicks, "the first chunk must reach the caller while the model is still generating");
        Assert.True(chunks.Count > 1);
        Assert.Equal(Reply, string.Concat(chunks));
    }

    [Fact]
    public async Task The_default_learned_router_streams_the_reply_of_the_one_model_it_routes_to_as_it_is_generated()
    {
        await using var harness = await RouterHarness.StartAsync(new ScriptedBackbone(), useScriptedBackbone: false);
        foreach (string model in new[] { "model-a", "model-b.mini" })
        {
            harness.Server.Script(model, new ScriptedReply(Reply, 10, 6) { ChunkDelay = TimeSpan.FromMilliseconds(150) });
        }

        var history = new ChatHistory();
        history.AddUserMessage("Name the capital of France.");
        long? firstChunk = null;
        var chunks = new List<string>();
        Microsoft.SemanticKernel.StreamingChatMessageContent? last = null;

        await foreach (var update in harness.Router.GetStreamingChatMessageContentsAsync(history, kernel: harness.Kernel))
        {
            if (!string.IsNullOrEmpty(update.Content))
            {
                firstChunk ??= Stopwatch.GetTimestamp();
                chunks.Add(update.Content);
            }

            last = update;
        }

        var served = Assert.Single(harness.Server.ReceivedFor("model-a").Concat(harness.Server.ReceivedFor("model-b.mini")));
        Assert.True(served.Stream);
        Assert.True(firstChunk < served.FinishedTicks, "the first chunk must reach the caller while the model is still generating");
        Assert.Equal(Reply, string.Concat(chunks));
        Assert.Equal("select", last!.Metadata![XRouterChatCompletionService.ModeKey]);
    }

    [Fact]
    public async Task A_streamed_route_step_costs_what_the_non_streamed_one_costs()
    {
        await using var plain = await RouterHarness.StartAsync(new ScriptedBackbone(ScriptedBackbone.Route("call_model_a")));
        plain.Server.Script("model-a", new ScriptedReply(Reply, 321, 45));
        await using var streamed = await RouterHarness.StartAsync(new ScriptedBackbone(ScriptedBackbone.Route("call_model_a")));
        streamed.Server.Script("model-a", new ScriptedReply(Reply, 321, 45));
        var history = new ChatHistory();
        history.AddUserMessage("q");

        var expected = await plain.AskAsync("q");
        Microsoft.SemanticKernel.StreamingChatMessageContent? last = null;
        await foreach (var update in streamed.Router.GetStreamingChatMessageContentsAsync(history, kernel: streamed.Kernel))
        {
            last = update;
        }

        Assert.Equal(expected.Cost(), (double)last!.Metadata![XRouterChatCompletionService.CostKey]!, 1e-15);
        Assert.Equal((321 * 1.25 + 45 * 10.0) / 1e6, (double)last.Metadata[XRouterChatCompletionService.DownstreamCostKey]!, 1e-15);
        Assert.Equal("select", last.Metadata[XRouterChatCompletionService.ModeKey]);
    }
}

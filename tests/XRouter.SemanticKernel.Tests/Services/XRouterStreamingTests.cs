using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.SemanticKernel.Services;
using XRouter.SemanticKernel.Settings;
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

    [Fact]
    public async Task Streaming_router_text_then_a_call_then_select_routes_as_the_non_streamed_run()
    {
        static ScriptedBackbone Script() => new(
            ScriptedBackbone.TextThenCall("Asking model a.", ("call_model_a", "p")),
            ScriptedBackbone.Select("call_model_a"));

        var (expected, actual, text) = await RunBothWaysAsync(Script, server => server.Script("model-a", new ScriptedReply("verbatim", 30, 6)));

        AssertSameRouting(expected, actual);
        Assert.Equal("select", actual[XRouterChatCompletionService.ModeKey]);
        Assert.EndsWith("verbatim", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_router_text_then_two_parallel_calls_then_synthesis_routes_as_the_non_streamed_run()
    {
        static ScriptedBackbone Script() => new(
            ScriptedBackbone.TextThenCall("Asking two models.", ("call_model_a", "p"), ("call_model_b_mini", "q")),
            ScriptedBackbone.Text("Both say 42."));

        var (expected, actual, text) = await RunBothWaysAsync(Script, server =>
        {
            server.Script("model-a", new ScriptedReply("42 (a)", 30, 6));
            server.Script("model-b.mini", new ScriptedReply("42 (b)", 20, 4));
        });

        AssertSameRouting(expected, actual);
        Assert.Equal("synthesize", actual[XRouterChatCompletionService.ModeKey]);
        Assert.EndsWith("Both say 42.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_router_that_never_stops_is_held_to_max_turns_as_the_non_streamed_run()
    {
        static ScriptedBackbone Script() => new(
            ScriptedBackbone.TextThenCall("Once more.", ("call_model_b_mini", "p")),
            ScriptedBackbone.TextThenCall("Once more.", ("call_model_a", "p")),
            ScriptedBackbone.TextThenCall("Once more.", ("call_model_a", "p")),
            ScriptedBackbone.TextThenCall("Once more.", ("call_model_a", "p")));
        var settings = new XRouterPromptExecutionSettings { MaxTurns = 2 };

        var (expected, actual, text) = await RunBothWaysAsync(
            Script,
            server =>
            {
                server.Script("model-b.mini", new ScriptedReply("cheap", 10, 2));
                server.Script("model-a", new ScriptedReply("strong", 10, 2));
            },
            settings);

        AssertSameRouting(expected, actual);
        Assert.Equal(2, actual[XRouterChatCompletionService.TurnsKey]);
        Assert.EndsWith("strong", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_router_answer_in_several_text_parts_is_the_same_whole_reply_streamed_or_not()
    {
        static ScriptedBackbone Script() => new(ScriptedBackbone.TextParts("The answer ", "is 42."));
        await using var plain = await RouterHarness.StartAsync(Script());
        await using var streaming = await RouterHarness.StartAsync(Script());

        var reply = await plain.AskAsync("q");
        var (text, _) = await StreamAsync(streaming, "q");

        Assert.Equal(("The answer is 42.", "The answer is 42."), (reply.Content, text));
    }

    [Fact]
    public async Task A_streamed_request_that_cannot_complete_throws_the_same_XRouterException()
    {
        await using var harness = await RouterHarness.StartAsync(new ScriptedBackbone(ScriptedBackbone.Call(("call_gpt_9", "p"))));

        var error = await Assert.ThrowsAsync<XRouterException>(() => StreamAsync(harness, "q", new XRouterPromptExecutionSettings { MaxTurns = 1 }));

        Assert.Contains("all 1 turns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_OpenAI_compatible_backbone_is_priced()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync();
        server.Script(RouterHarness.RouterModel, new ScriptedReply("A direct answer from the router.", 900, 40));
        await using var harness = await RouterHarness.StartAsync(
            new ScriptedBackbone(),
            o => o.Backbone = new Options.ModelEndpointOptions { Endpoint = server.BaseUrl, ApiKey = "k", MaxRetries = 0 },
            useScriptedBackbone: false);

        var (text, last) = await StreamAsync(harness, "hello");

        Assert.True(Assert.Single(server.Received).Stream);
        Assert.Equal("A direct answer from the router.", text);
        Assert.Equal((900 * 0.10 + 40 * 0.40) / 1e6, (double)last.Metadata![XRouterChatCompletionService.RouterCostKey]!, 1e-15);
    }

    private static async Task<(IReadOnlyDictionary<string, object?> Expected, IReadOnlyDictionary<string, object?> Actual, string StreamedText)> RunBothWaysAsync(
        Func<ScriptedBackbone> script, Action<LoopbackOpenAIServer> serve, PromptExecutionSettings? settings = null)
    {
        await using var plain = await RouterHarness.StartAsync(script());
        serve(plain.Server);
        var expected = (await plain.AskAsync("q", settings)).Metadata!;

        await using var streaming = await RouterHarness.StartAsync(script());
        serve(streaming.Server);
        var (text, last) = await StreamAsync(streaming, "q", settings);
        return (expected, last.Metadata!, text);
    }

    private static void AssertSameRouting(IReadOnlyDictionary<string, object?> expected, IReadOnlyDictionary<string, object?> actual)
    {
        foreach (string key in new[]
        {
            XRouterChatCompletionService.ModeKey, XRouterChatCompletionService.TurnsKey, "xrouter.selected_model", "xrouter.turn_limit_reached",
        })
        {
            Assert.Equal(expected[key], actual[key]);
        }

        foreach (string key in new[] { XRouterChatCompletionService.CostKey, XRouterChatCompletionService.RouterCostKey, XRouterChatCompletionService.DownstreamCostKey })
        {
            Assert.Equal((double)expected[key]!, (double)actual[key]!, 1e-15);
        }

        Assert.Equal(CallsOf(expected), CallsOf(actual));
    }

    // Calls of one turn finish in any order; latency differs run to run.
    private static List<string> CallsOf(IReadOnlyDictionary<string, object?> metadata) =>
        [.. ((IEnumerable<IReadOnlyDictionary<string, object?>>)metadata[XRouterChatCompletionService.CallsKey]!)
            .Select(c => string.Join("|", c.Where(p => p.Key != "latency_ms").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")))
            .Order(StringComparer.Ordinal)];

    private static async Task<(string Text, StreamingChatMessageContent Last)> StreamAsync(RouterHarness harness, string query, PromptExecutionSettings? settings = null)
    {
        var history = new ChatHistory();
        history.AddUserMessage(query);
        var text = new StringBuilder();
        StreamingChatMessageContent? last = null;
        await foreach (var update in harness.Router.GetStreamingChatMessageContentsAsync(history, settings, harness.Kernel))
        {
            text.Append(update.Content);
            last = update;
        }

        return (text.ToString(), last!);
    }
}

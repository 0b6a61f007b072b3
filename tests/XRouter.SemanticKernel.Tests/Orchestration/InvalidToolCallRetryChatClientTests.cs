using Microsoft.Extensions.AI;
using XRouter.SemanticKernel.Settings;
using XRouter.SemanticKernel.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.SemanticKernel.Tests.Orchestration;

public sealed class InvalidToolCallRetryChatClientTests
{
    private const string Broken = "<tool_call>\n{\"name\": \"call_model_a\", \"arguments\": {\"optimized_system_prompt\": \n</tool_call>";

    [Fact]
    public async Task An_invalid_tool_call_is_shown_to_the_router_which_tries_again()
    {
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.InvalidCall(Broken),
            ScriptedBackbone.Call(("call_model_a", "p")),
            ScriptedBackbone.Select("call_model_a"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-a", new ScriptedReply("recovered reply", 10, 2));

        var reply = await harness.AskAsync("q");

        Assert.Equal("recovered reply", reply.Content);
        Assert.Equal(3, reply.Turns());
        var retry = backbone.Seen[1].Messages;
        Assert.Equal(Broken, retry[^2].Text);
        Assert.Equal(ChatRole.User, retry[^1].Role);
        Assert.StartsWith("Your last reply contained an invalid tool call: invalid JSON in <tool_call>", retry[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retries_stop_at_the_turn_cap()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.InvalidCall(Broken), ScriptedBackbone.InvalidCall(Broken), ScriptedBackbone.InvalidCall(Broken));
        await using var harness = await RouterHarness.StartAsync(backbone);

        var error = await Assert.ThrowsAsync<XRouterException>(() => harness.AskAsync("q", new XRouterPromptExecutionSettings { MaxTurns = 2 }));

        Assert.Equal(2, backbone.Seen.Count);
        Assert.Contains("all 2 turns", error.Message, StringComparison.Ordinal);
    }
}

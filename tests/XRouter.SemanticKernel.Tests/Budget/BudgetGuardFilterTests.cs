using XRouter.SemanticKernel.Budget;
using XRouter.SemanticKernel.Settings;
using XRouter.SemanticKernel.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.SemanticKernel.Tests.Budget;

public sealed class BudgetGuardFilterTests
{
    private const string Prompt = "Solve it.";
    private const string Query = "What is 2+2?";
    private const int MaxOutput = 1000;

    // model-a: $1.25 in / $10 out per 1M tokens; the guard's worst case is (bytes + framing) input and the output cap.
    private static readonly double s_worstCaseA = ((Prompt.Length + Query.Length + BudgetGuardFilter.FramingTokens) * 1.25 + MaxOutput * 10.0) / 1e6;

    private const double RouterTurn = (ScriptedBackbone.InputTokensPerTurn * 0.10 + ScriptedBackbone.OutputTokensPerTurn * 0.40) / 1e6;

    [Fact]
    public async Task A_call_whose_worst_case_exceeds_the_budget_is_refused_and_never_sent()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", Prompt)), ScriptedBackbone.Text("cheap answer"));
        await using var harness = await RouterHarness.StartAsync(backbone, o => o.DownstreamMaxOutputTokens = MaxOutput);
        var reply = await harness.AskAsync(Query, new XRouterPromptExecutionSettings { MaxCostUsd = RouterTurn + (s_worstCaseA * 0.9) });

        Assert.Empty(harness.Server.Received);
        Assert.Equal("refused", (string)Assert.Single(reply.DownstreamCalls())["status"]!);
        Assert.StartsWith("Refused: call_model_a was not called because this call could cost up to", Assert.Single(backbone.Seen[1].ToolResults), StringComparison.Ordinal);
        Assert.Equal("cheap answer", reply.Content);
    }

    [Fact]
    public async Task The_configured_default_limit_applies_to_a_request_that_sets_none()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", Prompt)), ScriptedBackbone.Text("cheap answer"));
        await using var harness = await RouterHarness.StartAsync(backbone, o =>
        {
            o.DownstreamMaxOutputTokens = MaxOutput;
            o.DefaultMaxCostUsd = RouterTurn + (s_worstCaseA * 0.9);
        });

        var reply = await harness.AskAsync(Query);

        Assert.Empty(harness.Server.Received);
        Assert.Equal("refused", (string)Assert.Single(reply.DownstreamCalls())["status"]!);
    }

    [Fact]
    public async Task Settlement_frees_the_unused_reservation_for_the_next_call()
    {
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.Call(("call_model_a", Prompt)),
            ScriptedBackbone.Call(("call_model_a", Prompt)),
            ScriptedBackbone.Text("done"));
        await using var harness = await RouterHarness.StartAsync(backbone, o => o.DownstreamMaxOutputTokens = MaxOutput);
        harness.Server.Script("model-a", new ScriptedReply("4", 20, 1));

        // Room for the router's turns and one and a half worst cases: the second call fits only if the first settled to its actual cost.
        var reply = await harness.AskAsync(Query, new XRouterPromptExecutionSettings { MaxCostUsd = (s_worstCaseA * 1.5) + (3 * RouterTurn) });

        Assert.Equal(2, harness.Server.ReceivedFor("model-a").Count);
        Assert.All(reply.DownstreamCalls(), c => Assert.Equal("succeeded", (string)c["status"]!));
    }

    [Fact]
    public async Task Concurrent_calls_of_one_turn_cannot_together_overspend()
    {
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.Call(("call_model_a", Prompt), ("call_model_a", Prompt)),
            ScriptedBackbone.Text("done"));
        await using var harness = await RouterHarness.StartAsync(backbone, o => o.DownstreamMaxOutputTokens = MaxOutput);
        harness.Server.Script("model-a", new ScriptedReply("4", 20, 1) { Delay = TimeSpan.FromMilliseconds(200) });

        var reply = await harness.AskAsync(Query, new XRouterPromptExecutionSettings { MaxCostUsd = (s_worstCaseA * 1.5) + (3 * RouterTurn) });

        Assert.Single(harness.Server.Received);
        Assert.Equal(["refused", "succeeded"], reply.DownstreamCalls().Select(c => (string)c["status"]!).Order(StringComparer.Ordinal));
    }
}

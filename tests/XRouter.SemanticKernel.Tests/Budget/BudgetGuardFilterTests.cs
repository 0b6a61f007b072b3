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

    // model-a: $1.25 in / $10 out per 1M tokens, as gpt-5; the worst case is (bytes + framing) input and the output cap.
    private static readonly long s_inputBoundA = TokenBounds.Downstream(Prompt, Query);
    private static readonly double s_worstCaseA = ((s_inputBoundA * 1.25) + (MaxOutput * 10.0)) / 1e6;

    [Fact]
    public async Task The_README_example_reaches_a_gpt_5_priced_model_with_a_lowered_max_tokens_recorded_in_the_ledger()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", Prompt)), ScriptedBackbone.Select("call_model_a"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-a", new ScriptedReply("4", 20, 1));

        var reply = await harness.AskAsync(Query, new XRouterPromptExecutionSettings { CostPenalty = 2, MaxCostUsd = 0.01 });

        var sent = Assert.Single(harness.Server.ReceivedFor("model-a"));
        var call = Assert.Single(reply.DownstreamCalls());
        Assert.Equal(("succeeded", true), ((string)call["status"]!, (bool)call["max_output_tokens_lowered"]!));
        Assert.Equal(sent.MaxTokens, (int?)call["max_output_tokens"]);
        Assert.InRange(sent.MaxTokens!.Value, RequestBudget.MinimalReplyTokens, 4095);
        Assert.Equal("4", reply.Content);
    }

    [Fact]
    public async Task A_lowered_cap_is_what_the_remaining_budget_affords()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", Prompt)), ScriptedBackbone.Select("call_model_a"));
        await using var harness = await RouterHarness.StartAsync(backbone, o => o.DownstreamMaxOutputTokens = MaxOutput);
        harness.Server.Script("model-a", new ScriptedReply("4", 20, 1));
        double limit = 0.006;

        var reply = await harness.AskAsync(Query, new XRouterPromptExecutionSettings { MaxCostUsd = limit });

        double routerTurn1 = (double)reply.Calls()[0]["cost_usd"]!;
        double left = limit - routerTurn1;
        int affordable = (int)Math.Floor((left - (s_inputBoundA * 1.25 / 1e6)) / (10.0 / 1e6));
        Assert.Equal(affordable, Assert.Single(harness.Server.ReceivedFor("model-a")).MaxTokens);
        Assert.True(routerTurn1 + (double)reply.DownstreamCalls()[0]["reserved_usd"]! <= limit + 1e-12);
    }

    [Fact]
    public async Task A_call_is_refused_and_never_sent_only_when_even_a_minimal_reply_cannot_fit()
    {
        string longPrompt = new('x', 4000); // its input alone costs $0.005 at model-a's price
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", longPrompt)), ScriptedBackbone.Text("cheap answer"));
        await using var harness = await RouterHarness.StartAsync(backbone);

        var reply = await harness.AskAsync(Query, new XRouterPromptExecutionSettings { MaxCostUsd = 0.004 });

        Assert.Empty(harness.Server.Received);
        Assert.Equal("refused", (string)Assert.Single(reply.DownstreamCalls())["status"]!);
        Assert.StartsWith("Refused: call_model_a was not called because even a minimal reply from model-a", Assert.Single(backbone.Seen[1].ToolResults), StringComparison.Ordinal);
        Assert.Equal("cheap answer", reply.Content);
    }

    [Fact]
    public async Task The_configured_default_limit_applies_to_a_request_that_sets_none()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", new string('x', 4000))), ScriptedBackbone.Text("cheap answer"));
        await using var harness = await RouterHarness.StartAsync(backbone, o => o.DefaultMaxCostUsd = 0.004);

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

        // Room for the router's turns and one and a half worst cases: the second call gets its full cap only if the first settled to its actual cost.
        var reply = await harness.AskAsync(Query, new XRouterPromptExecutionSettings { MaxCostUsd = (s_worstCaseA * 1.5) + 0.005 });

        Assert.Equal([MaxOutput, MaxOutput], harness.Server.ReceivedFor("model-a").Select(r => r.MaxTokens));
        Assert.All(reply.DownstreamCalls(), c => Assert.False((bool)c["max_output_tokens_lowered"]!));
    }

    [Fact]
    public async Task Concurrent_calls_of_one_turn_cannot_together_overspend()
    {
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.Call(("call_model_a", Prompt), ("call_model_a", Prompt)),
            ScriptedBackbone.Text("done"));
        await using var harness = await RouterHarness.StartAsync(backbone, o => o.DownstreamMaxOutputTokens = MaxOutput);
        harness.Server.Script("model-a", new ScriptedReply("4", 20, 1) { Delay = TimeSpan.FromMilliseconds(200) });
        double limit = (s_worstCaseA * 1.5) + 0.002;

        var reply = await harness.AskAsync(Query, new XRouterPromptExecutionSettings { MaxCostUsd = limit });

        var calls = reply.DownstreamCalls();
        Assert.Equal([false, true], calls.Select(c => (bool)c["max_output_tokens_lowered"]!).Order());
        double routerTurn1 = (double)reply.Calls()[0]["cost_usd"]!;
        Assert.True(routerTurn1 + calls.Sum(c => (double)c["reserved_usd"]!) <= limit + 1e-12);
    }

    [Theory]
    [InlineData(20_000, 10)]   // input far beyond the byte bound
    [InlineData(20, 5_000)]    // output far beyond the cap sent
    public async Task A_provider_billing_more_than_reserved_is_flagged_and_no_further_call_is_made(int promptTokens, int completionTokens)
    {
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.Call(("call_model_a", Prompt)),
            ScriptedBackbone.Call(("call_model_b_mini", Prompt)));
        await using var harness = await RouterHarness.StartAsync(backbone, o => o.DownstreamMaxOutputTokens = MaxOutput);
        harness.Server.Script("model-a", new ScriptedReply("over-reported", promptTokens, completionTokens));

        var reply = await harness.AskAsync(Query, new XRouterPromptExecutionSettings { MaxCostUsd = 0.02 });

        var call = Assert.Single(reply.DownstreamCalls());
        Assert.True((bool)call["usage_exceeded_reservation"]!);
        Assert.Single(backbone.Seen);
        Assert.Empty(harness.Server.ReceivedFor("model-b.mini"));
        Assert.Equal(("over-reported", true), (reply.Content, (bool)reply.Metadata!["xrouter.budget_exhausted"]!));
    }
}

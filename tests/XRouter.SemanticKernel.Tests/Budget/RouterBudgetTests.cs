using XRouter.SemanticKernel.Ledger;
using XRouter.SemanticKernel.Settings;
using XRouter.SemanticKernel.Tests.TestSupport;

namespace XRouter.SemanticKernel.Tests.Budget;

public sealed class RouterBudgetTests
{
    private const double RouterTurnCost = (ScriptedBackbone.InputTokensPerTurn * 0.10 + ScriptedBackbone.OutputTokensPerTurn * 0.40) / 1e6;

    [Fact]
    public async Task A_limit_below_one_router_turn_makes_no_call_and_fails_with_its_ledger()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", "p")), ScriptedBackbone.Text("answer"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        double limit = RouterTurnCost / 2;

        var error = await Assert.ThrowsAsync<XRouterException>(() => harness.AskAsync("q", new XRouterPromptExecutionSettings { MaxCostUsd = limit }));

        Assert.Empty(harness.Server.Received);
        Assert.Empty(backbone.Seen);
        var refused = Assert.Single(error.Calls);
        Assert.Equal((CallKind.Router, CallStatus.Refused), (refused.Kind, refused.Status));
        Assert.Contains("budget cannot afford another router turn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_router_turn_is_reserved_and_its_output_cap_lowered_to_what_the_budget_affords()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Text("short answer"));
        await using var harness = await RouterHarness.StartAsync(backbone);

        var reply = await harness.AskAsync("q", new XRouterPromptExecutionSettings { MaxCostUsd = 0.0005 });

        var turn = Assert.Single(reply.Calls());
        Assert.True((bool)turn["max_output_tokens_lowered"]!);
        Assert.Equal(backbone.Seen[0].MaxOutputTokens, (int?)turn["max_output_tokens"]);
        Assert.InRange((double)turn["reserved_usd"]!, RouterTurnCost, 0.0005);
    }

    [Fact]
    public async Task Without_a_budget_a_router_turn_is_still_capped_at_RouterMaxOutputTokens()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Text("answer"));
        await using var harness = await RouterHarness.StartAsync(backbone, o => o.RouterMaxOutputTokens = 300);

        await harness.AskAsync("q", new XRouterPromptExecutionSettings());

        Assert.Equal(300, Assert.Single(backbone.Seen).MaxOutputTokens);
    }

    [Fact]
    public async Task A_router_that_reports_more_than_its_reservation_is_flagged()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Text("answer")) { InputTokens = 100_000 };
        await using var harness = await RouterHarness.StartAsync(backbone);

        var reply = await harness.AskAsync("q", new XRouterPromptExecutionSettings { MaxCostUsd = 1 });

        // The prompt the backbone saw has a few thousand bytes, so 100,000 input tokens is more than any bound.
        Assert.True((bool)Assert.Single(reply.Calls())["usage_exceeded_reservation"]!);
    }
}

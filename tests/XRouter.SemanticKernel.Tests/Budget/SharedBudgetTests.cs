using Microsoft.Extensions.DependencyInjection;
using XRouter.SemanticKernel.Budget;
using XRouter.SemanticKernel.Settings;
using XRouter.SemanticKernel.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.SemanticKernel.Tests.Budget;

public sealed class SharedBudgetTests
{
    private const string Account = "tenant-1";

    [Fact]
    public async Task Two_hundred_concurrent_requests_on_one_shared_account_never_exceed_it_by_more_than_one_reservation()
    {
        const double Limit = 0.05;
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", "p")), ScriptedBackbone.Select("call_model_a")) { PerConversation = true };
        var store = new InMemoryBudgetStore([new(Account, Limit)]);
        await using var harness = await RouterHarness.StartAsync(
            backbone, o => o.DownstreamMaxOutputTokens = 1000, k => k.Services.AddSingleton<IBudgetStore>(store));
        harness.Server.Script("model-a", new ScriptedReply("answer", 20, 100) { Delay = TimeSpan.FromMilliseconds(20) });
        var settings = new XRouterPromptExecutionSettings { BudgetAccount = Account };

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            try
            {
                var reply = await harness.AskAsync($"q{i}", settings);
                return (Spent: reply.Cost(), MaxReserved: reply.Calls().Max(c => (double?)c["reserved_usd"] ?? 0), Failed: false);
            }
            catch (XRouterException e)
            {
                return (Spent: e.Calls.Sum(c => c.CostUsd), MaxReserved: e.Calls.Max(c => c.ReservedUsd ?? 0), Failed: true);
            }
        })));

        var balance = await store.GetBalanceAsync(Account);
        Assert.True(balance.SpentUsd <= Limit + outcomes.Max(o => o.MaxReserved), $"spent {balance.SpentUsd} of {Limit}");
        Assert.Equal(outcomes.Sum(o => o.Spent), balance.SpentUsd, 1e-12);
        Assert.Equal(0, balance.ReservedUsd, 1e-12);
        Assert.Contains(outcomes, o => o.Failed);
        Assert.Contains(outcomes, o => !o.Failed);
    }

    [Fact]
    public async Task An_account_configured_under_SharedBudgets_holds_its_requests_to_its_limit()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Text("x"));
        await using var harness = await RouterHarness.StartAsync(backbone, o => o.SharedBudgets[Account] = 0.00001);

        var error = await Assert.ThrowsAsync<XRouterException>(() => harness.AskAsync("q", new XRouterPromptExecutionSettings { BudgetAccount = Account }));

        Assert.Empty(backbone.Seen);
        Assert.Contains($"shared account '{Account}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_naming_an_unknown_account_fails_clearly()
    {
        await using var harness = await RouterHarness.StartAsync(new ScriptedBackbone(ScriptedBackbone.Text("x")));

        var error = await Assert.ThrowsAsync<XRouterException>(() => harness.AskAsync("q", new XRouterPromptExecutionSettings { BudgetAccount = "nobody" }));

        Assert.Contains("'nobody'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_store_backs_the_shared_accounts()
    {
        var store = new InMemoryBudgetStore([new(Account, 1.0)]);
        var backbone = new ScriptedBackbone(ScriptedBackbone.Text("x"));
        await using var harness = await RouterHarness.StartAsync(backbone, kernel: k => k.Services.AddSingleton<IBudgetStore>(store));

        var reply = await harness.AskAsync("q", new XRouterPromptExecutionSettings { BudgetAccount = Account });

        Assert.Equal(reply.Cost(), (await store.GetBalanceAsync(Account)).SpentUsd, 1e-15);
    }
}

using XRouter.SemanticKernel.Budget;

namespace XRouter.Reliability.Tests.SharedBudget;

public sealed class InMemoryBudgetStoreLoadTests
{
    [Fact]
    public async Task Two_hundred_concurrent_requests_in_process_never_overspend()
    {
        double limit = 50 * BudgetLoad.WorstCase;
        var store = new InMemoryBudgetStore([new(BudgetLoad.Account, limit)]);

        var (granted, refused, billed) = await BudgetLoad.RunAsync([store], requests: 200);

        var balance = await store.GetBalanceAsync(BudgetLoad.Account);
        Assert.Equal(200, granted + refused);
        Assert.True(refused > 0, "the load should exhaust the account");
        Assert.True(balance.SpentUsd <= limit + BudgetLoad.WorstCase, $"spent {balance.SpentUsd} of a {limit} limit");
        Assert.Equal(billed, balance.SpentUsd, 9);
    }
}

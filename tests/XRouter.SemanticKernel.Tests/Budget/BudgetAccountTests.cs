using XRouter.SemanticKernel.Budget;

namespace XRouter.SemanticKernel.Tests.Budget;

public sealed class BudgetAccountTests
{
    [Fact]
    public void TryReserve_refuses_what_would_exceed_the_limit_and_reserves_nothing()
    {
        var account = new BudgetAccount(1.0);
        Assert.True(account.TryReserve(0.7, out _));

        bool second = account.TryReserve(0.5, out double available);

        Assert.False(second);
        Assert.Equal(0.3, available, 1e-12);
    }

    [Fact]
    public void Settle_replaces_the_reservation_by_the_actual_cost()
    {
        var account = new BudgetAccount(1.0);
        account.TryReserve(0.7, out _);

        account.Settle(0.7, 0.1);

        Assert.Equal(0.1, account.SpentUsd, 1e-12);
        Assert.True(account.TryReserve(0.9, out _));
    }

    [Fact]
    public void Parallel_reservations_never_exceed_the_limit()
    {
        var account = new BudgetAccount(10.0 + 1e-9);
        int granted = 0;

        Parallel.For(0, 1000, _ =>
        {
            if (account.TryReserve(0.1, out double _))
            {
                Interlocked.Increment(ref granted);
            }
        });

        Assert.Equal(100, granted);
    }
}

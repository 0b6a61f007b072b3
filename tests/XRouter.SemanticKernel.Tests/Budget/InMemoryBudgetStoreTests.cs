using XRouter.SemanticKernel.Budget;

namespace XRouter.SemanticKernel.Tests.Budget;

public sealed class InMemoryBudgetStoreTests
{
    [Fact]
    public async Task ReserveAsync_grants_what_is_left_when_that_covers_the_minimum()
    {
        var store = new InMemoryBudgetStore([new("tenant", 1.0)]);
        await store.ReserveAsync("tenant", 0.7, 0.7);

        var reservation = await store.ReserveAsync("tenant", 0.1, 0.5);

        Assert.True(reservation.IsGranted);
        Assert.Equal(0.3, reservation.AmountUsd, 1e-12);
    }

    [Fact]
    public async Task ReserveAsync_refuses_and_holds_nothing_below_the_minimum()
    {
        var store = new InMemoryBudgetStore([new("tenant", 1.0)]);
        await store.ReserveAsync("tenant", 0.9, 0.9);

        var refused = await store.ReserveAsync("tenant", 0.2, 0.5);

        Assert.False(refused.IsGranted);
        Assert.Equal(0.1, refused.AvailableUsd, 1e-12);
        Assert.Equal(0.9, (await store.GetBalanceAsync("tenant")).ReservedUsd, 1e-12);
    }

    [Fact]
    public async Task SettleAsync_replaces_the_reservation_by_the_billed_cost_and_ReleaseAsync_returns_it()
    {
        var store = new InMemoryBudgetStore([new("tenant", 1.0)]);
        var billed = await store.ReserveAsync("tenant", 0.4, 0.4);
        var unused = await store.ReserveAsync("tenant", 0.4, 0.4);

        await store.SettleAsync(billed, 0.05);
        await store.ReleaseAsync(unused);

        var balance = await store.GetBalanceAsync("tenant");
        Assert.Equal(0.05, balance.SpentUsd, 1e-12);
        Assert.Equal(0, balance.ReservedUsd, 1e-12);
        Assert.Equal(0.95, balance.AvailableUsd, 1e-12);
    }

    [Fact]
    public async Task Concurrent_reservations_never_hold_more_than_the_limit()
    {
        var store = new InMemoryBudgetStore([new("tenant", 1.0)]);

        const double Each = 1.0 / 64; // exact in binary, so exactly 64 fit

        var reservations = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ => Task.Run(() => store.ReserveAsync("tenant", Each, Each).AsTask())));

        Assert.Equal(64, reservations.Count(r => r.IsGranted));
        Assert.True((await store.GetBalanceAsync("tenant")).ReservedUsd <= 1.0 + 1e-12);
    }

    [Fact]
    public async Task An_unknown_account_is_an_error_naming_it()
    {
        var store = new InMemoryBudgetStore([new("tenant", 1.0)]);

        var error = await Assert.ThrowsAsync<XRouterException>(() => store.ReserveAsync("other", 0, 1).AsTask());

        Assert.Contains("'other'", error.Message, StringComparison.Ordinal);
    }
}

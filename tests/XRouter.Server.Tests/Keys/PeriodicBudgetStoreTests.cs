using Microsoft.Extensions.Time.Testing;
using XRouter.Server.Keys;

namespace XRouter.Server.Tests.Keys;

public sealed class PeriodicBudgetStoreTests
{
    private static readonly DateTimeOffset TenPast = new(2026, 12, 1, 10, 10, 0, TimeSpan.Zero);

    [Fact]
    public async Task Spend_resets_when_the_next_period_starts()
    {
        var time = new FakeTimeProvider(TenPast);
        var store = new PeriodicBudgetStore([("key:a", 1.0, TimeSpan.FromHours(1))], time);
        await store.SettleAsync(await store.ReserveAsync("key:a", 1.0, 1.0), 1.0);
        var spent = await store.GetBalanceAsync("key:a");

        time.Advance(TimeSpan.FromMinutes(50));
        var afterReset = await store.GetBalanceAsync("key:a");

        Assert.Equal(0, spent.AvailableUsd);
        Assert.Equal(1.0, afterReset.AvailableUsd);
    }

    [Fact]
    public void Time_to_reset_runs_to_the_end_of_the_period()
    {
        var periods = new BudgetPeriods(new Dictionary<string, TimeSpan> { ["key:a"] = TimeSpan.FromHours(1) }, new FakeTimeProvider(TenPast));

        Assert.Equal(TimeSpan.FromMinutes(50), periods.TimeToReset("key:a"));
    }

    [Fact]
    public async Task Reservation_beyond_what_is_left_is_refused_and_holds_nothing()
    {
        var store = new PeriodicBudgetStore([("key:a", 1.0, TimeSpan.FromHours(1))], new FakeTimeProvider(TenPast));
        var held = await store.ReserveAsync("key:a", 0.75, 0.75);

        var refused = await store.ReserveAsync("key:a", 0.5, 0.5);

        Assert.True(held.IsGranted);
        Assert.False(refused.IsGranted);
        Assert.Equal(0.75, (await store.GetBalanceAsync("key:a")).ReservedUsd);
    }
}

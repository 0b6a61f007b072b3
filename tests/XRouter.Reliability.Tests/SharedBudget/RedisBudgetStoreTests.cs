using StackExchange.Redis;
using XRouter.Reliability.SharedBudget;
using XRouter.SemanticKernel;
using XRouter.SemanticKernel.Budget;
using XRouter.Testing.Services;

namespace XRouter.Reliability.Tests.SharedBudget;

public sealed class RedisBudgetStoreTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private readonly List<ConnectionMultiplexer> _connections = [];
    private readonly string _prefix = $"test:{Guid.NewGuid():N}:";

    [SkippableFact]
    public async Task Settlement_replaces_the_reservation_by_the_billed_cost()
    {
        var store = await ReplicaAsync(limit: 1.0);
        var reservation = await store.ReserveAsync(BudgetLoad.Account, 0.1, 0.4);

        await store.SettleAsync(reservation, 0.25);

        Assert.Equal((true, 0.4), (reservation.IsGranted, reservation.AmountUsd));
        Assert.Equal(new BudgetBalance(1.0, 0.25, 0), await store.GetBalanceAsync(BudgetLoad.Account));
    }

    [SkippableFact]
    public async Task A_reservation_takes_what_is_left_down_to_its_minimum_then_refuses()
    {
        var store = await ReplicaAsync(limit: 1.0);
        var first = await store.ReserveAsync(BudgetLoad.Account, 0.1, 0.7);

        var partial = await store.ReserveAsync(BudgetLoad.Account, 0.1, 0.7);
        var refused = await store.ReserveAsync(BudgetLoad.Account, 0.1, 0.7);

        Assert.Equal(0.7, first.AmountUsd, 9);
        Assert.Equal((true, 0.3), (partial.IsGranted, Math.Round(partial.AmountUsd, 9)));
        Assert.Equal((false, 0.0), (refused.IsGranted, refused.AmountUsd));
        Assert.Equal(0, refused.AvailableUsd, 9);
    }

    [SkippableFact]
    public async Task A_reservation_that_is_never_settled_expires()
    {
        var store = await ReplicaAsync(limit: 1.0, timeout: TimeSpan.FromMilliseconds(200));
        await store.ReserveAsync(BudgetLoad.Account, 1.0, 1.0);
        Assert.False((await store.ReserveAsync(BudgetLoad.Account, 0.5, 0.5)).IsGranted);

        await Task.Delay(400);

        Assert.True((await store.ReserveAsync(BudgetLoad.Account, 1.0, 1.0)).IsGranted);
    }

    [SkippableFact]
    public async Task A_settlement_after_expiry_still_charges_the_billed_cost()
    {
        var store = await ReplicaAsync(limit: 1.0, timeout: TimeSpan.FromMilliseconds(100));
        var reservation = await store.ReserveAsync(BudgetLoad.Account, 0.5, 0.5);
        await Task.Delay(300);

        await store.SettleAsync(reservation, 0.2);

        Assert.Equal(new BudgetBalance(1.0, 0.2, 0), await store.GetBalanceAsync(BudgetLoad.Account));
    }

    [SkippableFact]
    public async Task A_reservation_cannot_be_settled_twice()
    {
        var store = await ReplicaAsync(limit: 1.0);
        var reservation = await store.ReserveAsync(BudgetLoad.Account, 0.1, 0.1);
        await store.SettleAsync(reservation, 0.1);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.SettleAsync(reservation, 0.1).AsTask());

        Assert.Contains("already closed", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_unknown_account_is_an_error_naming_it()
    {
        var store = await ReplicaAsync(limit: 1.0);

        var error = await Assert.ThrowsAsync<XRouterException>(() => store.ReserveAsync("nobody", 0.1, 0.1).AsTask());

        Assert.Contains("'nobody' does not exist", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Two_hundred_concurrent_requests_on_two_replicas_never_overspend()
    {
        // Two independent connections stand for two replicas; the limit affords 50 worst cases.
        double limit = 50 * BudgetLoad.WorstCase;
        var replicas = new[] { await ReplicaAsync(limit), await ReplicaAsync(limit) };

        var (granted, refused, billed) = await BudgetLoad.RunAsync(replicas, requests: 200);

        var balance = await replicas[0].GetBalanceAsync(BudgetLoad.Account);
        Assert.Equal(200, granted + refused);
        Assert.True(refused > 0, "the load should exhaust the account");
        Assert.True(balance.SpentUsd <= limit + BudgetLoad.WorstCase, $"spent {balance.SpentUsd} of a {limit} limit");
        Assert.Equal(billed, balance.SpentUsd, 9);
        Assert.Equal(0, balance.ReservedUsd, 9);
    }

    [SkippableFact]
    public async Task A_periodic_account_starts_the_next_period_with_nothing_spent_and_keeps_open_reservations()
    {
        var period = TimeSpan.FromMilliseconds(500);
        var store = await ReplicaAsync(limit: 1.0, period: period);

        // Periods are aligned on Redis's clock: start just after a boundary, so the spending below shares one period.
        await Task.Delay(await UntilNextPeriodAsync(period) + TimeSpan.FromMilliseconds(20));
        await store.SettleAsync(await store.ReserveAsync(BudgetLoad.Account, 0.6, 0.6), 0.6);
        var open = await store.ReserveAsync(BudgetLoad.Account, 0.3, 0.3);
        Assert.False((await store.ReserveAsync(BudgetLoad.Account, 0.5, 0.5)).IsGranted);

        await Task.Delay(period * 2);

        Assert.Equal(new BudgetBalance(1.0, 0, 0.3), await store.GetBalanceAsync(BudgetLoad.Account));
        Assert.True((await store.ReserveAsync(BudgetLoad.Account, 0.5, 0.5)).IsGranted);
        await store.SettleAsync(open, 0.1);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    private async Task<TimeSpan> UntilNextPeriodAsync(TimeSpan period)
    {
        var time = (RedisResult[])(await _connections[0].GetDatabase().ExecuteAsync("TIME"))!;
        long nowMs = ((long)time[0] * 1000) + ((long)time[1] / 1000);
        long periodMs = (long)period.TotalMilliseconds;
        return TimeSpan.FromMilliseconds(periodMs - (nowMs % periodMs));
    }

    private async Task<RedisBudgetStore> ReplicaAsync(double limit, TimeSpan? timeout = null, TimeSpan? period = null)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        _connections.Add(connection);
        var options = new RedisBudgetOptions { KeyPrefix = _prefix, ReservationTimeout = timeout ?? TimeSpan.FromMinutes(5) };
        options.Limits[BudgetLoad.Account] = limit;
        if (period is TimeSpan every)
        {
            options.Periods[BudgetLoad.Account] = every;
        }

        var store = new RedisBudgetStore(connection, options);
        await store.ApplyLimitsAsync();
        return store;
    }
}

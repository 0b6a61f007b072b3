using XRouter.SemanticKernel;
using XRouter.SemanticKernel.Budget;

namespace XRouter.Server.Keys;

/// <summary>
/// The server's <see cref="IBudgetStore"/>: one account per API key with a budget, whose spend resets at the start
/// of each period (multiples of the period since the Unix epoch, UTC), beside the period-less shared accounts of
/// <c>XRouter:SharedBudgets</c>. Each account has its own lock, so reserve and settle are atomic under concurrency.
/// One process only: replicas share accounts through Redis instead (<see cref="SharedBudgetOptions.Redis"/>).
/// </summary>
internal sealed class PeriodicBudgetStore : IBudgetStore
{
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public PeriodicBudgetStore(IEnumerable<(string Name, double LimitUsd, TimeSpan? Period)> accounts, TimeProvider time)
    {
        _time = time;
        foreach (var (name, limit, period) in accounts)
        {
            _accounts[name] = new Account(limit, period);
        }
    }

    public ValueTask<BudgetReservation> ReserveAsync(string account, double minimumUsd, double maximumUsd, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumUsd);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumUsd, minimumUsd);
        var state = Find(account);
        lock (state.Gate)
        {
            Roll(state);
            double available = state.Limit - state.Spent - state.Reserved;
            if (available < minimumUsd)
            {
                return ValueTask.FromResult(new BudgetReservation(account, false, 0, Math.Max(available, 0), state.Limit));
            }

            double amount = Math.Min(maximumUsd, available);
            state.Reserved += amount;
            return ValueTask.FromResult(new BudgetReservation(account, true, amount, available, state.Limit));
        }
    }

    public ValueTask SettleAsync(BudgetReservation reservation, double actualUsd, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentOutOfRangeException.ThrowIfNegative(actualUsd);
        Close(reservation, actualUsd);
        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        Close(reservation, 0);
        return ValueTask.CompletedTask;
    }

    public ValueTask<BudgetBalance> GetBalanceAsync(string account, CancellationToken cancellationToken = default)
    {
        var state = Find(account);
        lock (state.Gate)
        {
            Roll(state);
            return ValueTask.FromResult(new BudgetBalance(state.Limit, state.Spent, state.Reserved));
        }
    }

    private void Close(BudgetReservation reservation, double actualUsd)
    {
        if (!reservation.IsGranted)
        {
            throw new ArgumentException("A refused reservation holds nothing to settle or release.", nameof(reservation));
        }

        var state = Find(reservation.Account);
        lock (state.Gate)
        {
            Roll(state);
            state.Reserved -= reservation.AmountUsd;
            state.Spent += actualUsd;
        }
    }

    // A new period starts with nothing spent; calls still running keep their reservations.
    private void Roll(Account state)
    {
        if (state.Period is TimeSpan period)
        {
            var start = BudgetPeriods.WindowStart(_time.GetUtcNow(), period);
            if (start != state.WindowStart)
            {
                state.WindowStart = start;
                state.Spent = 0;
            }
        }
    }

    private Account Find(string account)
    {
        ArgumentException.ThrowIfNullOrEmpty(account);
        return _accounts.TryGetValue(account, out var state)
            ? state
            : throw new XRouterException($"Budget account '{account}' does not exist; configure it under XRouter:SharedBudgets or XRouterServer:ApiKeys.");
    }

    private sealed class Account(double limit, TimeSpan? period)
    {
        public Lock Gate { get; } = new();

        public double Limit { get; } = limit;

        public TimeSpan? Period { get; } = period;

        public DateTimeOffset WindowStart { get; set; } = DateTimeOffset.MinValue;

        public double Spent { get; set; }

        public double Reserved { get; set; }
    }
}

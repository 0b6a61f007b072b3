namespace XRouter.SemanticKernel.Budget;

/// <summary>
/// Budget accounts held in this process, each guarded by its own lock so that reserve and settle are atomic
/// under concurrency. The default <see cref="IBudgetStore"/>, with limits from <c>XRouter:SharedBudgets</c>;
/// register another store to share accounts across processes.
/// </summary>
public sealed class InMemoryBudgetStore : IBudgetStore
{
    private readonly Dictionary<string, Account> _accounts;

    /// <summary>Creates the store with its accounts.</summary>
    /// <param name="limitsUsd">The limit in USD of each account, by name.</param>
    /// <exception cref="ArgumentException">A limit is negative or not finite.</exception>
    public InMemoryBudgetStore(IEnumerable<KeyValuePair<string, double>> limitsUsd)
    {
        ArgumentNullException.ThrowIfNull(limitsUsd);
        _accounts = new Dictionary<string, Account>(StringComparer.Ordinal);
        foreach (var (name, limit) in limitsUsd)
        {
            if (!double.IsFinite(limit) || limit < 0)
            {
                throw new ArgumentException($"The limit of budget account '{name}' is {limit}; it must be a finite number, zero or more.", nameof(limitsUsd));
            }

            _accounts[name] = new Account(limit);
        }
    }

    /// <inheritdoc />
    public ValueTask<BudgetReservation> ReserveAsync(string account, double minimumUsd, double maximumUsd, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumUsd);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumUsd, minimumUsd);
        var state = Find(account);
        lock (state.Gate)
        {
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

    /// <inheritdoc />
    public ValueTask SettleAsync(BudgetReservation reservation, double actualUsd, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentOutOfRangeException.ThrowIfNegative(actualUsd);
        Close(reservation, actualUsd);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        Close(reservation, 0);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<BudgetBalance> GetBalanceAsync(string account, CancellationToken cancellationToken = default)
    {
        var state = Find(account);
        lock (state.Gate)
        {
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
            state.Reserved -= reservation.AmountUsd;
            state.Spent += actualUsd;
        }
    }

    private Account Find(string account)
    {
        ArgumentException.ThrowIfNullOrEmpty(account);
        return _accounts.TryGetValue(account, out var state)
            ? state
            : throw new XRouterException($"Budget account '{account}' does not exist; configure it under XRouter:SharedBudgets or in the registered budget store.");
    }

    private sealed class Account(double limit)
    {
        public Lock Gate { get; } = new();

        public double Limit { get; } = limit;

        public double Spent { get; set; }

        public double Reserved { get; set; }
    }
}

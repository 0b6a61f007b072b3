namespace XRouter.SemanticKernel.Budget;

/// <summary>
/// Budget accounts held in this process, each guarded by its own lock so that reserve and settle are atomic
/// under concurrency. The default <see cref="IBudgetStore"/>, with limits from <c>XRouter:SharedBudgets</c>;
/// register another store to share accounts across processes.
/// </summary>
public sealed class InMemoryBudgetStore : IBudgetStore
{
    private readonly Dictionary<string, BudgetAccount> _accounts;

    /// <summary>Creates the store with its accounts.</summary>
    /// <param name="limitsUsd">The limit in USD of each account, by name.</param>
    /// <exception cref="ArgumentException">A limit is negative or not finite.</exception>
    public InMemoryBudgetStore(IEnumerable<KeyValuePair<string, double>> limitsUsd)
    {
        ArgumentNullException.ThrowIfNull(limitsUsd);
        _accounts = new Dictionary<string, BudgetAccount>(StringComparer.Ordinal);
        foreach (var (name, limit) in limitsUsd)
        {
            if (!double.IsFinite(limit) || limit < 0)
            {
                throw new ArgumentException($"The limit of budget account '{name}' is {limit}; it must be a finite number, zero or more.", nameof(limitsUsd));
            }

            _accounts[name] = new BudgetAccount(limit);
        }
    }

    /// <inheritdoc />
    public ValueTask<BudgetReservation> ReserveAsync(string account, double minimumUsd, double maximumUsd, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumUsd);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumUsd, minimumUsd);
        var state = Find(account);
        bool granted = state.TryReserve(minimumUsd, maximumUsd, out double amount, out double available);
        return ValueTask.FromResult(new BudgetReservation(account, granted, amount, available, state.LimitUsd));
    }

    /// <inheritdoc />
    public ValueTask SettleAsync(BudgetReservation reservation, double actualUsd, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actualUsd);
        Granted(reservation).Settle(reservation.AmountUsd, actualUsd);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
    {
        Granted(reservation).Settle(reservation.AmountUsd, 0);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<BudgetBalance> GetBalanceAsync(string account, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Find(account).Balance);

    private BudgetAccount Granted(BudgetReservation reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        return reservation.IsGranted
            ? Find(reservation.Account)
            : throw new ArgumentException("A refused reservation holds nothing to settle or release.", nameof(reservation));
    }

    private BudgetAccount Find(string account)
    {
        ArgumentException.ThrowIfNullOrEmpty(account);
        return _accounts.TryGetValue(account, out var state)
            ? state
            : throw new XRouterException($"Budget account '{account}' does not exist; configure it under XRouter:SharedBudgets or in the registered budget store.");
    }
}

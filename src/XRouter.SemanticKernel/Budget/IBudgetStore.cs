namespace XRouter.SemanticKernel.Budget;

/// <summary>
/// Spending accounts shared by many requests, for example one per tenant or per API key, selected by a request's
/// <c>budget_account</c> setting. A call reserves its worst case before it runs and settles to its billed cost
/// after, so requests running side by side cannot together overspend an account by more than the amount billed
/// beyond a reservation. Implementations must make each operation atomic across every process sharing the store.
/// </summary>
public interface IBudgetStore
{
    /// <summary>
    /// Reserves as much of <paramref name="maximumUsd"/> as <paramref name="account"/> has left, but at least
    /// <paramref name="minimumUsd"/>; refuses, reserving nothing, when less than the minimum is left.
    /// </summary>
    /// <param name="account">The account name.</param>
    /// <param name="minimumUsd">The smallest reservation that lets the call run.</param>
    /// <param name="maximumUsd">The call's worst case.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The reservation, granted or refused.</returns>
    /// <exception cref="XRouterException">The store has no account of that name.</exception>
    ValueTask<BudgetReservation> ReserveAsync(string account, double minimumUsd, double maximumUsd, CancellationToken cancellationToken = default);

    /// <summary>Replaces a granted reservation by the billed cost, which may be more than was reserved.</summary>
    /// <param name="reservation">A granted reservation of this store.</param>
    /// <param name="actualUsd">What the call was billed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask SettleAsync(BudgetReservation reservation, double actualUsd, CancellationToken cancellationToken = default);

    /// <summary>Returns a granted reservation unused, for a call that was never billed.</summary>
    /// <param name="reservation">A granted reservation of this store.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default);

    /// <summary>Reads an account's limit, settled spend and open reservations.</summary>
    /// <param name="account">The account name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="XRouterException">The store has no account of that name.</exception>
    ValueTask<BudgetBalance> GetBalanceAsync(string account, CancellationToken cancellationToken = default);
}

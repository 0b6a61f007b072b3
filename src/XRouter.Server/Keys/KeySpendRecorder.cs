using XRouter.SemanticKernel.Budget;

namespace XRouter.Server.Keys;

/// <summary>
/// Charges a routed request's cost to its key's account once it is known. The router's own budget guard holds the
/// request to <c>max_cost_usd</c>; the key's account is checked before the request starts and charged after it.
/// </summary>
internal sealed class KeySpendRecorder(PeriodicBudgetStore store)
{
    public void Record(string? account, double costUsd)
    {
        if (account is not null)
        {
            store.Charge(account, costUsd);
        }
    }

    /// <summary>Refuses a request when the key's account has nothing left this period.</summary>
    /// <exception cref="Api.ApiException">429 with <c>Retry-After</c>.</exception>
    public async ValueTask EnsureAvailableAsync(string? account, CancellationToken cancellationToken)
    {
        if (account is null)
        {
            return;
        }

        var balance = await store.GetBalanceAsync(account, cancellationToken).ConfigureAwait(false);
        if (balance.AvailableUsd <= 0)
        {
            throw BudgetExceeded.For(new BudgetReservation(account, false, 0, 0, balance.LimitUsd), 0, store);
        }
    }
}

using XRouter.SemanticKernel.Budget;

namespace XRouter.Server.Keys;

/// <summary>
/// Refuses a request up front when its key's account has nothing left this period, with <c>Retry-After</c> until the
/// period resets. The calls of an accepted request then reserve and settle on the same account one by one.
/// </summary>
internal sealed class KeyBudgetCheck(IBudgetStore store, BudgetPeriods periods)
{
    /// <exception cref="Api.ApiException">429: the account is spent.</exception>
    public async ValueTask EnsureAvailableAsync(string? account, CancellationToken cancellationToken)
    {
        if (account is null)
        {
            return;
        }

        var balance = await store.GetBalanceAsync(account, cancellationToken).ConfigureAwait(false);
        if (balance.AvailableUsd <= 0)
        {
            throw BudgetExceeded.For(new BudgetReservation(account, false, 0, 0, balance.LimitUsd), 0, periods);
        }
    }

    /// <summary>
    /// The error for a routed request whose every call was refused by a budget: 429 when the key's account could
    /// not cover it, otherwise 400 naming the request's own limit.
    /// </summary>
    public async ValueTask<Api.ApiException> RefusalAsync(string? account, CancellationToken cancellationToken)
    {
        if (account is not null)
        {
            var balance = await store.GetBalanceAsync(account, cancellationToken).ConfigureAwait(false);
            return BudgetExceeded.For(new BudgetReservation(account, false, 0, balance.AvailableUsd, balance.LimitUsd), 0, periods);
        }

        return Api.ApiException.InvalidRequest("xrouter.max_cost_usd", "The request's cost limit (xrouter.max_cost_usd, or XRouter:DefaultMaxCostUsd) is too low for any call: every call was refused and no model replied.");
    }
}

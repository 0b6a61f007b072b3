using System.Globalization;
using XRouter.Policy.Catalog;

namespace XRouter.SemanticKernel.Budget;

/// <summary>
/// The budget of one routed request: its own limit (<c>max_cost_usd</c>, or <c>XRouter:DefaultMaxCostUsd</c>) and,
/// when the request names one, a shared account. Every priced call, router turns included, reserves its worst case
/// on both before it runs and settles to its billed cost on both after. A call whose worst case does not fit gets a
/// lower output-token cap; it is refused only when even a minimal reply cannot fit.
/// </summary>
internal sealed class RequestBudget
{
    /// <summary>The fewest output tokens worth calling a model for.</summary>
    public const int MinimalReplyTokens = 16;

    private readonly BudgetAccount? _own;
    private readonly IBudgetStore? _store;
    private readonly string? _account;

    public RequestBudget(double? limitUsd, IBudgetStore? store, string? account)
    {
        if (account is not null && store is null)
        {
            throw new ArgumentException("A shared budget account needs a budget store.", nameof(store));
        }

        _own = limitUsd is double limit ? new BudgetAccount(limit) : null;
        _store = store;
        _account = account;
    }

    public bool IsLimited => _own is not null || _account is not null;

    /// <summary>What the request's settled calls cost against its own limit; zero when it has none.</summary>
    public double SpentUsd => _own?.Balance.SpentUsd ?? 0;

    /// <summary>Reserves a call to <paramref name="card"/> of at most <paramref name="inputTokens"/> input and <paramref name="outputCap"/> output tokens.</summary>
    public async ValueTask<CallBudget> ReserveAsync(ModelCard card, long inputTokens, int outputCap, CancellationToken cancellationToken)
    {
        if (!IsLimited)
        {
            return CallBudget.Unlimited(outputCap);
        }

        double inputCost = card.CostOf(new TokenUsage(inputTokens, 0));
        double perOutputToken = card.OutputPerMTok / 1_000_000d;
        int minimalTokens = Math.Min(MinimalReplyTokens, outputCap);
        double minimum = inputCost + (minimalTokens * perOutputToken);
        double maximum = inputCost + (outputCap * perOutputToken);

        double granted = maximum;
        if (_own is not null && !_own.TryReserve(minimum, maximum, out granted, out double available))
        {
            return Refused(card, inputTokens, minimalTokens, minimum, available, string.Create(CultureInfo.InvariantCulture, $"the request's ${_own.LimitUsd:0.########} budget"));
        }

        BudgetReservation? shared = null;
        if (_account is not null)
        {
            try
            {
                shared = await _store!.ReserveAsync(_account, minimum, granted, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _own?.Settle(granted, 0);
                throw;
            }

            if (!shared.IsGranted)
            {
                _own?.Settle(granted, 0);
                return Refused(card, inputTokens, minimalTokens, minimum, shared.AvailableUsd, string.Create(CultureInfo.InvariantCulture, $"the shared account '{_account}' (limit ${shared.LimitUsd:0.########})"));
            }

            // Hold on the request's own account only what the shared one granted.
            _own?.Settle(granted - shared.AmountUsd, 0);
            granted = shared.AmountUsd;
        }

        int tokens = granted >= maximum || perOutputToken == 0
            ? outputCap
            : (int)Math.Clamp(Math.Floor((granted - inputCost) / perOutputToken), minimalTokens, outputCap);
        return new CallBudget
        {
            IsGranted = true,
            IsLimited = true,
            MaxOutputTokens = tokens,
            Lowered = tokens < outputCap,
            ReservedUsd = granted,
            Shared = shared,
        };
    }

    /// <summary>Replaces a call's hold by what it was billed, on every account it drew on.</summary>
    public async ValueTask SettleAsync(CallBudget call, double actualUsd)
    {
        if (!call.IsLimited || !call.IsGranted)
        {
            return;
        }

        _own?.Settle(call.ReservedUsd, actualUsd);
        if (call.Shared is not null)
        {
            // Settlement must land even when the request was cancelled, or the account would leak the hold.
            await _store!.SettleAsync(call.Shared, actualUsd, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static CallBudget Refused(ModelCard card, long inputTokens, int minimalTokens, double minimum, double available, string scope) => new()
    {
        IsGranted = false,
        IsLimited = true,
        Refusal = string.Create(
            CultureInfo.InvariantCulture,
            $"even a minimal reply from {card.Id} ({minimalTokens} output tokens after at most {inputTokens} input tokens) could cost ${minimum:0.########}, more than the ${available:0.########} left of {scope}"),
    };
}

namespace XRouter.SemanticKernel.Budget;

/// <summary>
/// One spending limit held under a lock: a call reserves between a minimum and its worst case before it runs and
/// is settled to its billed cost afterwards, so calls running side by side cannot together overspend.
/// </summary>
internal sealed class BudgetAccount(double limitUsd)
{
    private readonly Lock _gate = new();
    private double _spent;
    private double _reserved;

    public double LimitUsd { get; } = limitUsd;

    /// <summary>Reserves as much of <paramref name="maximumUsd"/> as is left, at least <paramref name="minimumUsd"/>; false, reserving nothing, when less is left.</summary>
    public bool TryReserve(double minimumUsd, double maximumUsd, out double amountUsd, out double availableUsd)
    {
        lock (_gate)
        {
            availableUsd = LimitUsd - _spent - _reserved;
            if (availableUsd < minimumUsd)
            {
                amountUsd = 0;
                availableUsd = Math.Max(availableUsd, 0);
                return false;
            }

            amountUsd = Math.Min(maximumUsd, availableUsd);
            _reserved += amountUsd;
            return true;
        }
    }

    /// <summary>Replaces a reservation by what the call was billed (zero for a call never billed).</summary>
    public void Settle(double reservedUsd, double actualUsd)
    {
        lock (_gate)
        {
            _reserved -= reservedUsd;
            _spent += actualUsd;
        }
    }

    public BudgetBalance Balance
    {
        get
        {
            lock (_gate)
            {
                return new BudgetBalance(LimitUsd, _spent, _reserved);
            }
        }
    }
}

namespace XRouter.SemanticKernel.Budget;

/// <summary>
/// A request's spending limit that holds under concurrency: a call reserves its worst case before it runs and
/// settles to its actual cost afterwards, so calls running side by side cannot together overspend.
/// </summary>
internal sealed class BudgetAccount(double? limitUsd)
{
    private readonly Lock _gate = new();
    private double _settled;
    private double _reserved;

    public double? LimitUsd { get; } = limitUsd;

    /// <summary>Reserves <paramref name="worstCaseUsd"/>; false, reserving nothing, when that could exceed the limit.</summary>
    public bool TryReserve(double worstCaseUsd, out double availableUsd)
    {
        lock (_gate)
        {
            availableUsd = LimitUsd is double limit ? limit - _settled - _reserved : double.PositiveInfinity;
            if (worstCaseUsd > availableUsd)
            {
                return false;
            }

            _reserved += worstCaseUsd;
            return true;
        }
    }

    /// <summary>Replaces a reservation by what the call really cost (zero for a call that failed before any charge).</summary>
    public void Settle(double reservedUsd, double actualUsd)
    {
        lock (_gate)
        {
            _reserved -= reservedUsd;
            _settled += actualUsd;
        }
    }

    /// <summary>Records a cost that was never reserved (the router's own generations).</summary>
    public void Charge(double actualUsd)
    {
        lock (_gate)
        {
            _settled += actualUsd;
        }
    }

    public double SpentUsd
    {
        get
        {
            lock (_gate)
            {
                return _settled;
            }
        }
    }
}

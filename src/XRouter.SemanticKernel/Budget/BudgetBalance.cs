namespace XRouter.SemanticKernel.Budget;

/// <summary>The state of one budget account.</summary>
/// <param name="LimitUsd">The most the account may spend.</param>
/// <param name="SpentUsd">The billed cost of settled calls.</param>
/// <param name="ReservedUsd">The amount held by calls still running.</param>
public sealed record BudgetBalance(double LimitUsd, double SpentUsd, double ReservedUsd)
{
    /// <summary>What new reservations may still take.</summary>
    public double AvailableUsd => Math.Max(0, LimitUsd - SpentUsd - ReservedUsd);
}

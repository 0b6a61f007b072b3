namespace XRouter.SemanticKernel.Budget;

/// <summary>The answer of <see cref="IBudgetStore.ReserveAsync"/>: an amount held on an account, or a refusal.</summary>
/// <param name="Account">The account reserved on.</param>
/// <param name="IsGranted">True when <paramref name="AmountUsd"/> is held; false when the account had too little left.</param>
/// <param name="AmountUsd">The amount held, zero when refused.</param>
/// <param name="AvailableUsd">What the account had left before this reservation.</param>
/// <param name="LimitUsd">The account's limit.</param>
public sealed record BudgetReservation(string Account, bool IsGranted, double AmountUsd, double AvailableUsd, double LimitUsd);

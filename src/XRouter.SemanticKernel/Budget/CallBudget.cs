using XRouter.SemanticKernel.Ledger;

namespace XRouter.SemanticKernel.Budget;

/// <summary>What the budget allowed one priced call: whether it may run, its output-token cap and what it holds.</summary>
internal sealed record CallBudget
{
    /// <summary>The key under which a downstream call's budget travels in its kernel arguments.</summary>
    public const string ArgumentKey = "xrouter.call_budget";

    public required bool IsGranted { get; init; }

    /// <summary>False when no limit applies; then nothing is held and nothing is settled.</summary>
    public required bool IsLimited { get; init; }

    /// <summary>The output-token cap to send: the configured cap, or less when that is all the budget affords.</summary>
    public int MaxOutputTokens { get; init; }

    /// <summary>True when <see cref="MaxOutputTokens"/> was lowered to fit the budget.</summary>
    public bool Lowered { get; init; }

    public double ReservedUsd { get; init; }

    /// <summary>The hold on the shared account, when the request draws on one.</summary>
    public BudgetReservation? Shared { get; init; }

    /// <summary>Why the call may not run.</summary>
    public string? Refusal { get; init; }

    public static CallBudget Unlimited(int maxOutputTokens) => new() { IsGranted = true, IsLimited = false, MaxOutputTokens = maxOutputTokens };

    /// <summary>True when the billed cost is more than was reserved, as when a provider reports more tokens than the bound.</summary>
    public bool ExceededBy(double actualUsd) => IsLimited && actualUsd > ReservedUsd + (1e-12 * ReservedUsd) + 1e-15;

    /// <summary>Adds what the budget decided to the call's record.</summary>
    public CallRecord AnnotateRecord(CallRecord record) => !IsLimited ? record : record with
    {
        MaxOutputTokens = MaxOutputTokens,
        MaxOutputTokensLowered = Lowered,
        ReservedUsd = ReservedUsd,
        UsageExceededReservation = ExceededBy(record.CostUsd),
    };
}

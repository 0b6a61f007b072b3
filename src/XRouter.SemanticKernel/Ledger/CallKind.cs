namespace XRouter.SemanticKernel.Ledger;

/// <summary>Who made a priced call.</summary>
public enum CallKind
{
    /// <summary>A generation of the router model itself.</summary>
    Router,

    /// <summary>A call to a downstream model made on the router's behalf.</summary>
    Downstream,
}

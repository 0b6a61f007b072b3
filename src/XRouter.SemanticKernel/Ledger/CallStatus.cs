namespace XRouter.SemanticKernel.Ledger;

/// <summary>How a priced call ended.</summary>
public enum CallStatus
{
    /// <summary>The call returned a reply with usage.</summary>
    Succeeded,

    /// <summary>The call failed (HTTP error, timeout, missing usage); the router was told why.</summary>
    Failed,

    /// <summary>The budget guard refused the call before it was made; it cost nothing.</summary>
    Refused,
}

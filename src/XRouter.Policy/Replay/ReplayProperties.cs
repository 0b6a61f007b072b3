namespace XRouter.Policy.Replay;

/// <summary>The keys replay clients set in <c>ChatResponse.AdditionalProperties</c>.</summary>
public static class ReplayProperties
{
    /// <summary>The recorded cost of the call in USD (a double), present only when the log recorded it.</summary>
    public const string CostUsd = "xrouter.cost_usd";

    /// <summary>True when the usage was estimated from text (characters / 4) because the log recorded no tokens.</summary>
    public const string UsageEstimated = "xrouter.usage_estimated";

    /// <summary>The id of the routing-log entry that answered.</summary>
    public const string QueryId = "xrouter.query_id";
}

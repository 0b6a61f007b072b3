using System.Globalization;
using XRouter.SemanticKernel.Ledger;
using XRouter.SemanticKernel.Services;

namespace XRouter.Reliability.Ledger;

/// <summary>Turns the <c>xrouter.*</c> metadata of a routed reply into the ledger's request record.</summary>
internal static class RoutingMetadataReader
{
    public static LedgerRequest ToLedgerRequest(
        IReadOnlyDictionary<string, object?> metadata, string requestId, string keyId, DateTimeOffset timestamp, string? query)
    {
        var calls = metadata.TryGetValue(XRouterChatCompletionService.CallsKey, out object? value) && value is IEnumerable<IReadOnlyDictionary<string, object?>> list
            ? list.Select(ToCall).ToList()
            : throw new LedgerException($"The reply of request '{requestId}' carries no {XRouterChatCompletionService.CallsKey} metadata; is it a reply of the XRouter service?");
        return new LedgerRequest
        {
            RequestId = requestId,
            KeyId = keyId,
            Timestamp = timestamp,
            Mode = metadata.TryGetValue(XRouterChatCompletionService.ModeKey, out object? mode) ? mode as string : null,
            Query = query,
            Turns = metadata.TryGetValue(XRouterChatCompletionService.TurnsKey, out object? turns) && turns is not null ? Convert.ToInt32(turns, CultureInfo.InvariantCulture) : 0,
            Calls = calls,
        };
    }

    private static LedgerCall ToCall(IReadOnlyDictionary<string, object?> call) => new()
    {
        Model = call["model"] as string ?? throw new LedgerException("A call in the routing metadata has no model."),
        Kind = Enum.Parse<CallKind>((string)call["kind"]!, ignoreCase: true),
        Status = Enum.Parse<CallStatus>((string)call["status"]!, ignoreCase: true),
        InputTokens = Long(call, "input_tokens"),
        CachedInputTokens = Long(call, "cached_input_tokens"),
        OutputTokens = Long(call, "output_tokens"),
        ReasoningTokens = Long(call, "reasoning_tokens"),
        CostUsd = Double(call, "cost_usd"),
        SavedUsd = Double(call, "saved_usd"),
        CacheHit = call.TryGetValue("cache_hit", out object? hit) && hit is true,
        UsageEstimated = call.TryGetValue("usage_estimated", out object? estimated) && estimated is true,
        LatencyMs = Double(call, "latency_ms"),
        Error = call.TryGetValue("error", out object? error) ? error as string : null,
        Response = call.TryGetValue("response", out object? response) ? response as string : null,
    };

    private static long Long(IReadOnlyDictionary<string, object?> call, string key) =>
        call.TryGetValue(key, out object? value) && value is not null ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;

    private static double Double(IReadOnlyDictionary<string, object?> call, string key) =>
        call.TryGetValue(key, out object? value) && value is not null ? Convert.ToDouble(value, CultureInfo.InvariantCulture) : 0;
}

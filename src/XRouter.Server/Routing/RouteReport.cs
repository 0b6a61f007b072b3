using System.Globalization;
using XRouter.SemanticKernel.Services;

namespace XRouter.Server.Routing;

/// <summary>One priced call of a served request, as the ledger recorded it.</summary>
internal sealed record CallSummary(string Model, string Kind, long InputTokens, long OutputTokens, double CostUsd, double LatencyMs, string Status, string? Error, bool UsageEstimated)
{
    /// <summary>The part of <see cref="InputTokens"/> served from the provider's prompt cache.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>The part of <see cref="OutputTokens"/> the provider reported as reasoning.</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>True when the reply came from the response cache (billed $0).</summary>
    public bool CacheHit { get; init; }

    /// <summary>What a response-cache hit saved, in USD.</summary>
    public double SavedUsd { get; init; }
}

/// <summary>
/// What one served request did and cost: the routing mode, the calls with their tokens, cost and latency. Built
/// from the <c>xrouter.*</c> metadata the XRouter service puts on its final message, or by the direct route.
/// </summary>
internal sealed record RouteReport(string Mode, string? SelectedModel, int Turns, bool TurnLimitReached, IReadOnlyList<CallSummary> Calls)
{
    /// <summary>A request routed straight to one pool model, without the router.</summary>
    public const string RouteMode = "route";

    public double RouterCostUsd => Calls.Where(c => c.Kind == "router").Sum(c => c.CostUsd);

    public double DownstreamCostUsd => Calls.Where(c => c.Kind == "downstream").Sum(c => c.CostUsd);

    public double CostUsd => RouterCostUsd + DownstreamCostUsd;

    /// <summary>Tokens of every call that ran: router generations and downstream replies.</summary>
    public long InputTokens => Calls.Where(c => c.Status == "succeeded").Sum(c => c.InputTokens);

    /// <summary>Output tokens of every call that ran.</summary>
    public long OutputTokens => Calls.Where(c => c.Status == "succeeded").Sum(c => c.OutputTokens);

    /// <summary>The downstream models that answered, in call order.</summary>
    public IReadOnlyList<string> ModelsUsed => [.. Calls.Where(c => c.Kind == "downstream" && c.Status == "succeeded").Select(c => c.Model).Distinct(StringComparer.Ordinal)];

    /// <summary>Wall time spent inside model calls (summed; calls of one turn that overlap count once each).</summary>
    public double ModelCallMs => Calls.Sum(c => c.LatencyMs);

    /// <summary>Reads the report from the final message's metadata.</summary>
    /// <exception cref="InvalidOperationException">The metadata lacks the <c>xrouter.*</c> keys.</exception>
    public static RouteReport FromMetadata(IReadOnlyDictionary<string, object?>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue(XRouterChatCompletionService.ModeKey, out object? mode) || mode is not string modeText)
        {
            throw new InvalidOperationException("The XRouter reply carries no routing metadata (xrouter.mode).");
        }

        var calls = metadata.TryGetValue(XRouterChatCompletionService.CallsKey, out object? list) && list is IEnumerable<IReadOnlyDictionary<string, object?>> records
            ? records.Select(Call).ToList()
            : [];
        return new RouteReport(
            modeText,
            metadata.TryGetValue("xrouter.selected_model", out object? selected) ? selected as string : null,
            metadata.TryGetValue(XRouterChatCompletionService.TurnsKey, out object? turns) ? Convert.ToInt32(turns, CultureInfo.InvariantCulture) : 0,
            metadata.TryGetValue("xrouter.turn_limit_reached", out object? limit) && limit is true,
            calls);
    }

    /// <summary>Reads one call of the <c>xrouter.calls</c> metadata (or of <see cref="XRouter.SemanticKernel.Ledger.CallRecord.ToMetadata"/>).</summary>
    public static CallSummary Call(IReadOnlyDictionary<string, object?> c) => new(
        (string)c["model"]!,
        (string)c["kind"]!,
        Convert.ToInt64(c["input_tokens"], CultureInfo.InvariantCulture),
        Convert.ToInt64(c["output_tokens"], CultureInfo.InvariantCulture),
        Convert.ToDouble(c["cost_usd"], CultureInfo.InvariantCulture),
        Convert.ToDouble(c["latency_ms"], CultureInfo.InvariantCulture),
        (string)c["status"]!,
        c.TryGetValue("error", out object? error) ? error as string : null,
        c.TryGetValue("usage_estimated", out object? estimated) && estimated is true)
    {
        CachedInputTokens = c.TryGetValue("cached_input_tokens", out object? cached) && cached is not null ? Convert.ToInt64(cached, CultureInfo.InvariantCulture) : 0,
        ReasoningTokens = c.TryGetValue("reasoning_tokens", out object? reasoning) && reasoning is not null ? Convert.ToInt64(reasoning, CultureInfo.InvariantCulture) : 0,
        CacheHit = c.TryGetValue("cache_hit", out object? hit) && hit is true,
        SavedUsd = c.TryGetValue("saved_usd", out object? saved) && saved is not null ? Convert.ToDouble(saved, CultureInfo.InvariantCulture) : 0,
    };
}

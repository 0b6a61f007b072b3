using XRouter.SemanticKernel.Ledger;

namespace XRouter.Reliability.Ledger;

/// <summary>One routed request and its calls, committed to the durable ledger in one transaction.</summary>
public sealed record LedgerRequest
{
    /// <summary>A unique id (the response id).</summary>
    public required string RequestId { get; init; }

    /// <summary>Who the request is billed to: an API key's name or hash, never the key itself; empty when unknown.</summary>
    public string KeyId { get; init; } = string.Empty;

    /// <summary>When the request was received.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>How the router answered: <c>direct</c>, <c>synthesize</c> or <c>select</c>.</summary>
    public string? Mode { get; init; }

    /// <summary>The user query, when prompts are recorded.</summary>
    public string? Query { get; init; }

    /// <summary>Router turns taken.</summary>
    public int Turns { get; init; }

    /// <summary>The priced calls, in the order they completed.</summary>
    public required IReadOnlyList<LedgerCall> Calls { get; init; }

    /// <summary>The request's total billed cost: the sum of its calls.</summary>
    public double CostUsd => Calls.Sum(c => c.CostUsd);

    /// <summary>The router's own part of <see cref="CostUsd"/>.</summary>
    public double RouterCostUsd => Calls.Where(c => c.Kind == CallKind.Router).Sum(c => c.CostUsd);

    /// <summary>The downstream models' part of <see cref="CostUsd"/>.</summary>
    public double DownstreamCostUsd => Calls.Where(c => c.Kind == CallKind.Downstream).Sum(c => c.CostUsd);

    /// <summary>What response-cache hits saved this request, in USD.</summary>
    public double SavedUsd => Calls.Sum(c => c.SavedUsd);
}

namespace XRouter.SemanticKernel.Orchestration;

/// <summary>The per-request settings that apply when a request does not set its own.</summary>
/// <param name="MaxTurns">Most router turns.</param>
/// <param name="CostPenalty">The cost penalty (lambda).</param>
/// <param name="EstimateMissingUsage">Whether usage missing from a reply is estimated (and flagged) instead of an error.</param>
/// <param name="MaxCostUsd">The per-request spending limit; null for none.</param>
/// <param name="RouterMaxOutputTokens">The output-token cap of one router turn.</param>
internal sealed record RoutingDefaults(int MaxTurns, double CostPenalty, bool EstimateMissingUsage, double? MaxCostUsd = null, int RouterMaxOutputTokens = 1024);

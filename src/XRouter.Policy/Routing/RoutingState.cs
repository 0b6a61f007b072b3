using XRouter.Policy.Catalog;

namespace XRouter.Policy.Routing;

/// <summary>What a routing policy knows when it takes its next step.</summary>
/// <param name="Query">The query being routed.</param>
/// <param name="Pool">The models it may call this request, with their prices.</param>
/// <param name="Replies">The replies received so far, in the order they arrived.</param>
/// <param name="Turn">The router turn about to be taken, from 1.</param>
/// <param name="CostPenalty">The request's cost penalty (lambda): how much a dollar weighs against accuracy.</param>
public sealed record RoutingState(
    RoutingQuery Query,
    IReadOnlyList<ModelCard> Pool,
    IReadOnlyList<ModelReply> Replies,
    int Turn,
    double CostPenalty);

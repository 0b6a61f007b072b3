using XRouter.Policy.Catalog;

namespace XRouter.Policy.Routing;

/// <summary>What a routing policy knows when it takes its next step.</summary>
/// <param name="Query">The query being routed.</param>
/// <param name="Pool">The models it may call this request, with their prices.</param>
/// <param name="Replies">The replies received so far, in the order they arrived.</param>
/// <param name="Turn">The router turn about to be taken, from 1.</param>
/// <param name="CostPenalty">The request's cost penalty (lambda): how much a dollar weighs against accuracy.</param>
/// <param name="DirectAnswerModel">
/// The model that writes the router's own answers, with its prices, when the deployment designates one: a policy may
/// then end on its first turn with <see cref="RoutingStep.AnswerDirectly"/>. It is not one of <paramref name="Pool"/>'s tools.
/// </param>
public sealed record RoutingState(
    RoutingQuery Query,
    IReadOnlyList<ModelCard> Pool,
    IReadOnlyList<ModelReply> Replies,
    int Turn,
    double CostPenalty,
    ModelCard? DirectAnswerModel = null);

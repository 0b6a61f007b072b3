using XRouter.Policy.Routing;

namespace XRouter.Policy.Evaluation.Baselines;

/// <summary>The step of a policy that routes each query to one model: a route step to it (its reply, verbatim, streamed).</summary>
internal static class OneModelStep
{
    public static RoutingStep Next(RoutingState state, Func<string> choose) =>
        state.Replies.Count == 0
            ? new RoutingStep.Route(choose())
            : new RoutingStep.SelectReply(state.Replies[^1].ModelId);
}

using XRouter.Policy.Routing;

namespace XRouter.Policy.Evaluation.Baselines;

/// <summary>The two steps of a policy that routes each query to one model: call it, then select its reply.</summary>
internal static class OneModelStep
{
    public static RoutingStep Next(RoutingState state, Func<string> choose) =>
        state.Replies.Count == 0
            ? new RoutingStep.CallModels([choose()])
            : new RoutingStep.SelectReply(state.Replies[^1].ModelId);
}

namespace XRouter.Policy.Routing;

/// <summary>One step of a routing policy: call models, select a reply, or answer directly.</summary>
public abstract record RoutingStep
{
    private protected RoutingStep()
    {
    }

    /// <summary>Call these models (concurrently) with the user's query.</summary>
    /// <param name="ModelIds">Catalog ids, at least one.</param>
    public sealed record CallModels(IReadOnlyList<string> ModelIds) : RoutingStep;

    /// <summary>
    /// Call this model and end with its reply, verbatim, in one turn: a route step, whose reply streams to a streaming
    /// caller as the model generates it. Take it when the reply could not change the next step.
    /// </summary>
    /// <param name="ModelId">The catalog id of the model to call.</param>
    public sealed record Route(string ModelId) : RoutingStep;

    /// <summary>End with the reply of a model already called, verbatim.</summary>
    /// <param name="ModelId">The catalog id of a model that has replied.</param>
    public sealed record SelectReply(string ModelId) : RoutingStep;

    /// <summary>
    /// End, before any call, with an answer the designated direct-answer model (<see cref="RoutingState.DirectAnswerModel"/>)
    /// writes as the router's own reply: no tool call, its tokens priced as the router's.
    /// </summary>
    public sealed record AnswerDirectly : RoutingStep;

    /// <summary>End with the router's own text (after no call: a direct answer; after calls: a synthesis).</summary>
    /// <param name="Text">The answer.</param>
    public sealed record Answer(string Text) : RoutingStep;
}

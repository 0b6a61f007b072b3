namespace XRouter.Policy.Routing;

/// <summary>
/// A routing decision procedure: given what is known so far, the next step. Offline evaluation replays
/// it against recorded outcomes; as a policy backbone it drives the same steps through real tool calls.
/// </summary>
public interface IRoutingPolicy
{
    /// <summary>A short name for reports (for example <c>cheapest</c> or <c>oracle</c>).</summary>
    string Name { get; }

    /// <summary>The next step for <paramref name="state"/>.</summary>
    RoutingStep Decide(RoutingState state);
}

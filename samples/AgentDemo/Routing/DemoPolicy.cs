using XRouter.Policy.Learning;
using XRouter.Policy.Routing;

namespace AgentDemo.Routing;

/// <summary>The routing policy the demo's router runs: XRouter's shipped learned policy.</summary>
internal static class DemoPolicy
{
    /// <summary>The default learned policy (trained on the RouterBench train split; it reads prices from the catalog in force).</summary>
    public static IRoutingPolicy Create() => LearnedRoutingPolicy.LoadDefault();
}

using XRouter.Policy.Catalog;
using XRouter.Policy.Evaluation.Baselines;
using XRouter.Policy.Routing;

namespace AgentDemo.Routing;

/// <summary>The routing policy the demo's router runs.</summary>
internal static class DemoPolicy
{
    /// <summary>The policy for a pool priced by <paramref name="catalog"/>.</summary>
    public static IRoutingPolicy For(ModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);

        // The cascade `xrouter eval` picks on the RouterBench train split (docs/eval/routerbench/report.md).
        return new CascadePolicy("zero-one-ai/Yi-34B-Chat", "mistralai/mixtral-8x7b-chat", "gpt-4-1106-preview");
    }
}

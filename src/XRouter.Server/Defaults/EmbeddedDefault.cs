using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.Policy.Evaluation.Baselines;
using XRouter.Policy.Replay;
using XRouter.Policy.Routing;
using XRouter.SemanticKernel.Options;

namespace XRouter.Server.Defaults;

/// <summary>
/// What the server runs when no router backbone and no downstream endpoint is configured: replayed models answering
/// from the routing log shipped beside the server (real recorded replies, with their costs), routed by the embedded
/// policy. No keys and no network are needed; queries outside the log are refused by the replay models.
/// </summary>
internal static class EmbeddedDefault
{
    private static readonly string s_folder = Path.Combine(AppContext.BaseDirectory, "embedded");

    /// <summary>The router id of the embedded catalog.</summary>
    public const string RouterModelId = "demo-cascade-router";

    /// <summary>True when the configuration names no backbone and no model endpoint.</summary>
    public static bool Applies(IConfiguration configuration)
    {
        var section = configuration.GetSection(XRouterOptions.SectionName);
        return !section.GetSection("Backbone").Exists() && !section.GetSection("OnnxBackbone").Exists() && !section.GetSection("Models").Exists();
    }

    /// <summary>Fills the unset catalog, router and pool settings and registers the replay models; returns the backbone.</summary>
    public static Func<IServiceProvider, IChatClient> Register(IHostApplicationBuilder builder)
    {
        string catalogPath = Path.Combine(s_folder, "catalog.json");
        var catalog = CatalogJson.Load(catalogPath);
        var pool = catalog.Models.Select(c => c.Id).Where(id => id != RouterModelId).ToList();
        var defaults = new Dictionary<string, string?>
        {
            [$"{XRouterOptions.SectionName}:CatalogPath"] = catalogPath,
            [$"{XRouterOptions.SectionName}:RouterModelId"] = RouterModelId,
        };
        for (int i = 0; i < pool.Count; i++)
        {
            defaults[$"{XRouterOptions.SectionName}:Pool:{i}"] = pool[i];
        }

        builder.Configuration.AddInMemoryCollection(defaults.Where(p => builder.Configuration[p.Key] is null || p.Key.Contains(":Pool:", StringComparison.Ordinal)));
        builder.Services.AddSingleton(_ => new ReplayFleet(RoutingLogJsonl.ReadAsync(Path.Combine(s_folder, "routing-log.jsonl")).GetAwaiter().GetResult()));
        foreach (string id in pool)
        {
            builder.Services.AddKeyedSingleton<IChatClient>(id, (sp, _) => sp.GetRequiredService<ReplayFleet>().CreateClient(id));
        }

        return _ => new RoutingPolicyChatClient(Policy(), catalog);
    }

    // The one seam for the embedded routing policy.
    private static IRoutingPolicy Policy() => new CascadePolicy("gpt-5-nano", "gpt-5-mini", "gpt-5");
}

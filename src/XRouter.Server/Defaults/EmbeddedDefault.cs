using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.Policy.Learning;
using XRouter.Policy.Replay;
using XRouter.Policy.Routing;
using XRouter.SemanticKernel.Options;

namespace XRouter.Server.Defaults;

/// <summary>
/// What the server runs when no router backbone and no downstream endpoint is configured: replayed models answering
/// from the RouterBench sample shipped in <c>data/routerbench-demo</c> (real recorded replies, with their costs), routed
/// by the embedded policy. No keys and no network are needed; queries outside the log are refused by the replay models.
/// </summary>
internal static class EmbeddedDefault
{
    private static readonly string s_folder = Path.Combine(AppContext.BaseDirectory, "embedded");

    /// <summary>The catalog id of the embedded router: a policy run in-process, which uses no tokens.</summary>
    public const string RouterModelId = "xrouter-policy";

    /// <summary>True when the configuration names no backbone and no model endpoint.</summary>
    public static bool Applies(IConfiguration configuration)
    {
        var section = configuration.GetSection(XRouterOptions.SectionName);
        return !section.GetSection("Backbone").Exists() && !section.GetSection("OnnxBackbone").Exists() && !section.GetSection("Models").Exists();
    }

    /// <summary>Registers the replay models, the catalog (with the router's card) and the pool, unless configured; returns the backbone.</summary>
    public static Func<IServiceProvider, IChatClient> Register(IHostApplicationBuilder builder)
    {
        var shipped = CatalogJson.Load(Path.Combine(s_folder, "catalog.json"));
        var catalog = new ModelCatalog([
            new ModelCard { Id = RouterModelId, InputPerMTok = 0, OutputPerMTok = 0, Description = "The embedded routing policy, run in-process; it uses no tokens." },
            .. shipped.Models,
        ]);
        builder.Services.PostConfigure<XRouterOptions>(options =>
        {
            if (options.Catalog is null && options.CatalogPath is null)
            {
                options.Catalog = catalog;
            }

            if (string.IsNullOrEmpty(options.RouterModelId))
            {
                options.RouterModelId = RouterModelId;
            }

            if (options.Pool.Count == 0)
            {
                foreach (var card in shipped.Models)
                {
                    options.Pool.Add(card.Id);
                }
            }
        });
        // Fifty entries: read once at start-up, before the host runs.
        var log = RoutingLogJsonl.ReadAsync(Path.Combine(s_folder, "routing-log.jsonl")).GetAwaiter().GetResult();
        var fleet = new ReplayFleet(log);
        foreach (var card in shipped.Models)
        {
            builder.Services.AddKeyedSingleton(card.Id, fleet.CreateClient(card.Id));
        }

        // The learned policy reads a query's task family; for a recorded query it is the log's.
        var byPrompt = log.GroupBy(e => e.Prompt, StringComparer.Ordinal).ToDictionary(g => g.Key, g => new RoutingQuery(g.First().Id, g.Key, g.First().Task), StringComparer.Ordinal);
        return _ => new RoutingPolicyChatClient(Policy(), catalog, prompt => byPrompt.TryGetValue(prompt, out var query) ? query : new RoutingQuery("request", prompt));
    }

    // The one seam for the embedded routing policy: the default learned policy, trained on the RouterBench slice.
    private static IRoutingPolicy Policy() => LearnedRoutingPolicy.LoadDefault();
}

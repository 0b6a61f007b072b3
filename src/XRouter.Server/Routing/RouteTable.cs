using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using XRouter.Policy.Catalog;
using XRouter.SemanticKernel.Budget;
using XRouter.SemanticKernel.Options;
using XRouter.SemanticKernel.Services;
using XRouter.Server.Api;
using XRouter.Server.Hosting;
using XRouter.Server.Keys;

namespace XRouter.Server.Routing;

/// <summary>The models the server answers for: the router under its public name, and every pool model by its catalog id.</summary>
internal sealed class RouteTable
{
    private readonly Dictionary<string, IChatRoute> _routes = new(StringComparer.Ordinal);

    public RouteTable(XRouterChatCompletionService service, IOptions<XRouterServerOptions> serverOptions, XRouterOptions routerOptions, IBudgetStore budgets, BudgetPeriods periods)
    {
        RouterName = serverOptions.Value.RouterModelName;
        IChatClient router = service;
        Pool = service.Pool;
        _routes[RouterName] = new RouterRoute(router, Pool.Select(c => c.Id).ToHashSet(StringComparer.Ordinal));
        foreach (var card in Pool)
        {
            var client = router.GetService(typeof(IChatClient), card.Id) as IChatClient
                ?? throw new InvalidOperationException($"The XRouter service has no client for pool model '{card.Id}'.");
            _routes[card.Id] = new DirectRoute(card, client, routerOptions.DownstreamMaxOutputTokens, budgets, periods);
        }
    }

    /// <summary>The public name of the router, <c>xrouter</c> by default.</summary>
    public string RouterName { get; }

    /// <summary>The pool models, in catalog order.</summary>
    public IReadOnlyList<ModelCard> Pool { get; }

    /// <exception cref="ApiException">404: no such model.</exception>
    public IChatRoute Find(string model) =>
        _routes.TryGetValue(model, out var route)
            ? route
            : throw new ApiException(
                StatusCodes.Status404NotFound,
                "invalid_request_error",
                $"The model '{model}' does not exist on this server; use '{RouterName}' or one of: {string.Join(", ", Pool.Select(c => c.Id))}.",
                "model",
                "model_not_found");
}

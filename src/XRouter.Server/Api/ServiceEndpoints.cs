using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XRouter.Server.Routing;

namespace XRouter.Server.Api;

/// <summary><c>GET /v1/models</c> (the router and its pool), <c>/health</c> (liveness) and <c>/ready</c> (routes loaded, not stopping).</summary>
internal static class ServiceEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var routes = app.ServiceProvider.GetRequiredService<RouteTable>();
        var lifetime = app.ServiceProvider.GetRequiredService<IHostApplicationLifetime>();
        long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var models = new
        {
            @object = "list",
            data = new[] { new ModelEntry(routes.RouterName, "model", created, "xrouter") }
                .Concat(routes.Pool.Select(card => new ModelEntry(card.Id, "model", created, "xrouter-pool")))
                .ToArray(),
        };
        app.MapGet("/v1/models", () => Results.Json(models)).WithName("ListModels").WithSummary("The router and the models of its pool.");
        app.MapGet("/health", () => Results.Json(new { status = "healthy" })).WithName("Health").WithSummary("Liveness: the process answers.");
        app.MapGet("/ready", () => lifetime.ApplicationStopping.IsCancellationRequested
                ? Results.Json(new { status = "stopping" }, statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Json(new { status = "ready", router = routes.RouterName, pool = routes.Pool.Count }))
            .WithName("Ready")
            .WithSummary("Readiness: catalog, policy and downstream clients are loaded and the server is not shutting down.");
    }

    private sealed record ModelEntry(string id, string @object, long created, string owned_by);
}

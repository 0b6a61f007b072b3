using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using XRouter.Server.Hosting;

namespace XRouter.Server;

/// <summary>Creates the XRouter server application: configuration from appsettings.json, environment variables and the command line.</summary>
public static class XRouterServerApplication
{
    /// <summary>A builder with the server's defaults; add configuration or services before <see cref="Build"/>.</summary>
    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--XRouter:CatalogPath=...</c>).</param>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);

        // Per-request framework logs would drown the server's own one-line request log; configuration can lower this.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        return builder;
    }

    /// <summary>Registers the server on <paramref name="builder"/>, builds the application and maps its endpoints.</summary>
    /// <param name="builder">A builder from <see cref="CreateBuilder"/>.</param>
    /// <param name="backbone">Creates the router backbone in code; when null, configuration or the embedded default provides it.</param>
    public static WebApplication Build(WebApplicationBuilder builder, Func<IServiceProvider, IChatClient>? backbone = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddXRouterServer(backbone);
        var app = builder.Build();
        app.MapXRouterServer();
        return app;
    }
}

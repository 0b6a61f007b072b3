using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XRouter.Server.Routing;

namespace XRouter.Server.Hosting;

/// <summary>Builds the routes (catalog, policy, pool clients) and opens the ledger while the host starts, so a bad configuration fails start-up, not the first request.</summary>
internal sealed class RouteWarmup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<RouteTable>();
        services.GetRequiredService<XRouter.Reliability.Ledger.ILedgerStore>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using XRouter.SemanticKernel.Budget;
using XRouter.SemanticKernel.Options;
using XRouter.Server.Api;
using XRouter.Server.Defaults;
using XRouter.Server.Keys;
using XRouter.Server.Ledger;
using XRouter.Reliability.Extensions;
using XRouter.Server.Routing;

namespace XRouter.Server.Hosting;

/// <summary>Registers and maps the XRouter server.</summary>
public static class XRouterServerHostingExtensions
{
    /// <summary>
    /// Adds the XRouter server: the XRouter chat service (the <c>XRouter</c> section; with no backbone and no model
    /// endpoints, the embedded replay default), the server options (<c>XRouterServer</c>), keys and budgets, the
    /// durable ledger (<c>XRouterServer:Ledger</c>), resilient model calls (<c>XRouterServer:Resilience</c>) and the
    /// optional response cache (<c>XRouterServer:ResponseCache</c>), request limits, graceful shutdown, OpenAPI and OpenTelemetry.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="backbone">Creates the router backbone in code; when null, configuration or the embedded default provides it.</param>
    public static IHostApplicationBuilder AddXRouterServer(this IHostApplicationBuilder builder, Func<IServiceProvider, Microsoft.Extensions.AI.IChatClient>? backbone = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        if (backbone is null && EmbeddedDefault.Applies(configuration))
        {
            backbone = EmbeddedDefault.Register(builder);
        }

        // Resilience first, so the response cache wraps it and a hit skips the retries and the circuit.
        services.AddXRouterDownstreamResilience().Bind(configuration.GetSection($"{XRouterServerOptions.SectionName}:Resilience"));
        if (configuration.GetValue<bool>($"{XRouterServerOptions.SectionName}:ResponseCache:Enabled"))
        {
            services.AddXRouterResponseCache().Bind(configuration.GetSection($"{XRouterServerOptions.SectionName}:ResponseCache"));
        }

        services.AddXRouter(configuration, backbone);
        services.AddOptions<XRouterServerOptions>().Bind(configuration.GetSection(XRouterServerOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<XRouterServerOptions>, XRouterServerOptionsValidator>());
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<XRouterServerOptions>>((kestrel, server) => kestrel.Limits.MaxRequestBodySize = server.Value.MaxRequestBodyBytes);
        services.AddOptions<HostOptions>().Configure<IOptions<XRouterServerOptions>>((host, server) => host.ShutdownTimeout = server.Value.ShutdownTimeout);

        services.TryAddSingleton(TimeProvider.System);
        AddBudgets(services, configuration.GetSection($"{XRouterServerOptions.SectionName}:Budgets").Get<SharedBudgetOptions>() ?? new SharedBudgetOptions());
        services.AddSingleton<KeyBudgetCheck>();
        var ledger = configuration.GetSection($"{XRouterServerOptions.SectionName}:Ledger").Get<ServerLedgerOptions>() ?? new ServerLedgerOptions();
        services.AddXRouterLedgerStore(ledger.SqlitePath, ledger.PostgresConnectionString, ledger.SqliteSync);
        services.AddSingleton(sp => new XRouter.Reliability.Ledger.LedgerGroupCommitter(sp.GetRequiredService<XRouter.Reliability.Ledger.ILedgerStore>()));
        services.AddSingleton<ServedRequestLedger>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton(sp => new RouteTable(
            sp.GetRequiredService<XRouter.SemanticKernel.Services.XRouterChatCompletionService>(),
            sp.GetRequiredService<IOptions<XRouterServerOptions>>(),
            sp.GetRequiredService<IOptionsMonitor<XRouterOptions>>().Get(Options.DefaultName),
            sp.GetRequiredService<IBudgetStore>(),
            sp.GetRequiredService<BudgetPeriods>()));
        services.AddSingleton<ServerRequestLog>();
        services.AddSingleton<ChatCompletionsEndpoint>();
        services.AddHostedService<RouteWarmup>();
        services.AddOpenApi();
        ServerTelemetry.Add(services, configuration);
        return builder;
    }

    /// <summary>Maps <c>/v1/chat/completions</c>, <c>/v1/models</c>, <c>/health</c>, <c>/ready</c> and <c>/openapi/v1.json</c>.</summary>
    /// <param name="app">The web application.</param>
    public static WebApplication MapXRouterServer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var endpoint = app.Services.GetRequiredService<ChatCompletionsEndpoint>();
        // As a Delegate (not a RequestDelegate) so that the OpenAPI annotations below apply.
        Delegate handler = (HttpContext context) => endpoint.HandleAsync(context);
        app.MapPost("/v1/chat/completions", handler)
            .WithName("CreateChatCompletion")
            .WithSummary("Creates a chat completion: model 'xrouter' routes, a pool model id calls that model directly.")
            .Accepts<ChatCompletionRequest>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        ServiceEndpoints.Map(app);
        app.MapOpenApi();
        return app;
    }

    // In this process by default; in Redis when replicas share the accounts, periods then kept on Redis's clock.
    private static void AddBudgets(IServiceCollection services, SharedBudgetOptions shared)
    {
        services.AddSingleton(sp => new BudgetPeriods(
            BudgetAccounts(sp).Where(a => a.Period is not null).ToDictionary(a => a.Name, a => a.Period!.Value, StringComparer.Ordinal),
            sp.GetRequiredService<TimeProvider>()));
        if (shared.Redis is { Length: > 0 } redis)
        {
            services.AddXRouterRedisBudgets(redis, (sp, options) =>
            {
                options.KeyPrefix = shared.KeyPrefix;
                options.ReservationTimeout = shared.ReservationTimeout;
                foreach (var (name, limit, period) in BudgetAccounts(sp))
                {
                    options.Limits[name] = limit;
                    if (period is TimeSpan every)
                    {
                        options.Periods[name] = every;
                    }
                }
            });
        }
        else
        {
            services.AddSingleton<IBudgetStore>(sp => new PeriodicBudgetStore(BudgetAccounts(sp), sp.GetRequiredService<TimeProvider>()));
        }
    }

    private static IEnumerable<(string Name, double LimitUsd, TimeSpan? Period)> BudgetAccounts(IServiceProvider sp)
    {
        var server = sp.GetRequiredService<IOptions<XRouterServerOptions>>().Value;
        var router = sp.GetRequiredService<IOptionsMonitor<XRouterOptions>>().Get(Options.DefaultName);
        foreach (var (name, limit) in router.SharedBudgets)
        {
            yield return (name, limit, null);
        }

        foreach (var (name, key) in server.ApiKeys.Where(k => k.Value.BudgetUsd is not null))
        {
            yield return (ApiKey.AccountOf(name), key.BudgetUsd!.Value, key.BudgetPeriod);
        }
    }
}

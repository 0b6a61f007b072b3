using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using XRouter.Reliability.Caching;
using XRouter.Reliability.Ledger;
using XRouter.Reliability.Resilience;
using XRouter.Reliability.SharedBudget;
using XRouter.SemanticKernel.Budget;
using XRouter.SemanticKernel.Options;
using XRouter.SemanticKernel.Pool;

namespace XRouter.Reliability.Extensions;

/// <summary>Registers the reliability parts next to <c>AddXRouter</c>: the durable ledger store and budgets shared through Redis.</summary>
public static class XRouterReliabilityServiceCollectionExtensions
{
    /// <summary>
    /// Registers the durable ledger as <see cref="ILedgerStore"/>: PostgreSQL when <paramref name="postgresConnectionString"/>
    /// is given (several replicas sharing one ledger), otherwise the embedded SQLite file at <paramref name="sqlitePath"/>.
    /// The schema is created when the store is first resolved.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="sqlitePath">The SQLite ledger file.</param>
    /// <param name="postgresConnectionString">A PostgreSQL connection string, which replaces the SQLite file.</param>
    /// <param name="sqliteSync">How far each SQLite commit is synced before it returns.</param>
    public static IServiceCollection AddXRouterLedgerStore(
        this IServiceCollection services, string sqlitePath = "xrouter-ledger.db", string? postgresConnectionString = null, SqliteLedgerSync sqliteSync = SqliteLedgerSync.Normal)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(sqlitePath);
        services.TryAddSingleton<ILedgerStore>(_ =>
        {
            SqlLedgerStore store = postgresConnectionString is { Length: > 0 } postgres ? new PostgresLedgerStore(postgres) : new SqliteLedgerStore(sqlitePath, sqliteSync);
            store.InitializeAsync().GetAwaiter().GetResult();
            return store;
        });
        return services;
    }

    /// <summary>
    /// Registers <see cref="RedisBudgetStore"/> as the <see cref="IBudgetStore"/> every XRouter service of this container
    /// uses, on one multiplexer to <paramref name="redisConfiguration"/>; each account's limit is applied when the store is
    /// first resolved, keeping what the account has already spent.
    /// </summary>
    public static IServiceCollection AddXRouterRedisBudgets(this IServiceCollection services, string redisConfiguration, Action<RedisBudgetOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddXRouterRedisBudgets(redisConfiguration, (_, options) => configure(options));
    }

    /// <summary>
    /// Registers <see cref="RedisBudgetStore"/> as the <see cref="IBudgetStore"/>, with settings that may read other
    /// services (the accounts a host has configured); see the overload without the provider.
    /// </summary>
    public static IServiceCollection AddXRouterRedisBudgets(this IServiceCollection services, string redisConfiguration, Action<IServiceProvider, RedisBudgetOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(redisConfiguration);
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redisConfiguration));
        services.AddSingleton<IBudgetStore>(sp =>
        {
            var options = new RedisBudgetOptions();
            configure(sp, options);
            var store = new RedisBudgetStore(sp.GetRequiredService<IConnectionMultiplexer>(), options);
            store.ApplyLimitsAsync().GetAwaiter().GetResult();
            return store;
        });
        return services;
    }

    /// <summary>
    /// Makes every model XRouter calls through <c>XRouter:Models</c> resilient (<see cref="ResilientChatClient"/>: timeouts,
    /// <c>Retry-After</c>-honouring jittered retries that stop at the deadline, a circuit breaker per model) and switches
    /// the OpenAI client's own retries off (<c>MaxRetries</c> 0), so this pipeline is the only retry layer.
    /// Call it before <see cref="AddXRouterResponseCache"/>, so a cache hit skips the retries and the circuit.
    /// </summary>
    /// <returns>The options builder, to bind the settings from configuration.</returns>
    public static OptionsBuilder<DownstreamResilienceOptions> AddXRouterDownstreamResilience(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.PostConfigureAll<XRouterOptions>(options =>
        {
            foreach (var endpoint in options.Models.Values)
            {
                endpoint.MaxRetries = 0;
            }
        });
        services.AddSingleton<IModelClientDecorator, ResilienceDecorator>();
        return services.AddOptions<DownstreamResilienceOptions>();
    }

    /// <summary>
    /// Caches the replies of every model XRouter calls through <c>XRouter:Models</c> (<see cref="ResponseCachingChatClient"/>)
    /// on HybridCache: in-process, with a registered <c>IDistributedCache</c> (such as Redis) as its shared second level.
    /// </summary>
    /// <returns>The options builder, to bind the settings from configuration.</returns>
    public static OptionsBuilder<ResponseCacheOptions> AddXRouterResponseCache(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHybridCache();
        services.AddSingleton<IModelClientDecorator, ResponseCacheDecorator>();
        return services.AddOptions<ResponseCacheOptions>();
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;
using XRouter.Reliability.Ledger;
using XRouter.Reliability.SharedBudget;
using XRouter.SemanticKernel.Budget;

namespace XRouter.Reliability.Extensions;

/// <summary>Registers the reliability parts next to <c>AddXRouter</c>: the durable ledger store and budgets shared through Redis.</summary>
public static class XRouterReliabilityServiceCollectionExtensions
{
    /// <summary>
    /// Registers the durable ledger as <see cref="ILedgerStore"/>: PostgreSQL when <paramref name="postgresConnectionString"/>
    /// is given (several replicas sharing one ledger), otherwise the embedded SQLite file at <paramref name="sqlitePath"/>.
    /// The schema is created when the store is first resolved.
    /// </summary>
    public static IServiceCollection AddXRouterLedgerStore(this IServiceCollection services, string sqlitePath = "xrouter-ledger.db", string? postgresConnectionString = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(sqlitePath);
        services.TryAddSingleton<ILedgerStore>(_ =>
        {
            SqlLedgerStore store = postgresConnectionString is { Length: > 0 } postgres ? new PostgresLedgerStore(postgres) : new SqliteLedgerStore(sqlitePath);
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
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(redisConfiguration);
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redisConfiguration));
        services.AddSingleton<IBudgetStore>(sp =>
        {
            var options = new RedisBudgetOptions();
            configure(options);
            var store = new RedisBudgetStore(sp.GetRequiredService<IConnectionMultiplexer>(), options);
            store.ApplyLimitsAsync().GetAwaiter().GetResult();
            return store;
        });
        return services;
    }
}

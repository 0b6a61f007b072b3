using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using XRouter.Policy.Catalog;
using XRouter.Reliability.Caching;
using XRouter.Reliability.Ledger;
using XRouter.Reliability.Resilience;

namespace XRouter.Reliability.Extensions;

/// <summary>Composes the reliability clients on a <see cref="ChatClientBuilder"/>, as Microsoft.Extensions.AI's own are.</summary>
public static class XRouterReliabilityChatClientBuilderExtensions
{
    /// <summary>
    /// Adds the response cache for the downstream model <paramref name="card"/> on the container's <see cref="HybridCache"/>
    /// (register it with <c>AddHybridCache</c>; a registered <c>IDistributedCache</c> such as Redis becomes its second level).
    /// Put it outside <see cref="UseXRouterResilience"/>, so a hit skips the retries and the circuit.
    /// </summary>
    public static ChatClientBuilder UseXRouterResponseCache(this ChatClientBuilder builder, ModelCard card, ResponseCacheOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) => new ResponseCachingChatClient(inner, services.GetRequiredService<HybridCache>(), card, options));
    }

    /// <summary>Adds timeouts, retries and a circuit breaker for the downstream model <paramref name="card"/>; switch the inner client's own retries off.</summary>
    public static ChatClientBuilder UseXRouterResilience(this ChatClientBuilder builder, ModelCard card, DownstreamResilienceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new ResilientChatClient(inner, card, options));
    }

    /// <summary>Records every routed request in the container's <see cref="ILedgerStore"/> before its reply is returned; use on the XRouter service's client.</summary>
    public static ChatClientBuilder UseXRouterLedger(this ChatClientBuilder builder, bool recordPrompts = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) => new LedgerRecordingChatClient(inner, services.GetRequiredService<ILedgerStore>(), recordPrompts));
    }
}

using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using XRouter.Policy.Catalog;
using XRouter.Reliability.Caching;
using XRouter.Reliability.Tests.TestSupport;
using XRouter.SemanticKernel.Ledger;
using XRouter.Testing;
using XRouter.Testing.Services;

namespace XRouter.Reliability.Tests.Caching;

public sealed class ResponseCachingChatClientTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const string Query = "What is the capital of France?";
    private static readonly ModelCard Card = RoutedKernel.Catalog.Get(RoutedKernel.Model);
    private static readonly ChatOptions Deterministic = new() { Temperature = 0, MaxOutputTokens = 256 };

    private readonly List<ServiceProvider> _providers = [];
    private LoopbackOpenAIServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackOpenAIServer.StartAsync();
        _server.Script(RoutedKernel.Model, new ScriptedReply("Paris.", 40, 3));
    }

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_repeated_deterministic_request_is_answered_from_the_cache_at_zero_cost()
    {
        var client = Cached(InProcessCache());

        await client.GetResponseAsync(Messages("Answer briefly."), Deterministic);
        var hit = await client.GetResponseAsync(Messages("Answer briefly."), Deterministic);

        Assert.Single(_server.Received);
        Assert.Equal("Paris.", hit.Text);
        Assert.Equal((0L, 0L), (hit.Usage!.InputTokenCount!.Value, hit.Usage.OutputTokenCount!.Value));
        Assert.True((bool)hit.AdditionalProperties![ResponseCacheProperties.Hit]!);
        Assert.Equal(Card.CostOf(new TokenUsage(40, 3)), (double)hit.AdditionalProperties[ResponseCacheProperties.SavedUsd]!, 15);
    }

    [Fact]
    public async Task A_sampled_request_is_not_cached_unless_configured()
    {
        var sampled = new ChatOptions { Temperature = 0.7f };
        var client = Cached(InProcessCache());
        var configured = Cached(InProcessCache(), new ResponseCacheOptions { CacheNonDeterministic = true });

        await client.GetResponseAsync(Messages("Answer briefly."), sampled);
        await client.GetResponseAsync(Messages("Answer briefly."), sampled);
        await configured.GetResponseAsync(Messages("Answer briefly."), sampled);
        await configured.GetResponseAsync(Messages("Answer briefly."), sampled);

        Assert.Equal(3, _server.Received.Count);
    }

    [Fact]
    public async Task Another_system_prompt_or_setting_is_another_entry()
    {
        var client = Cached(InProcessCache());

        await client.GetResponseAsync(Messages("Answer briefly."), Deterministic);
        await client.GetResponseAsync(Messages("Answer in French."), Deterministic);
        await client.GetResponseAsync(Messages("Answer briefly."), new ChatOptions { Temperature = 0, MaxOutputTokens = 512 });

        Assert.Equal(3, _server.Received.Count);
    }

    [Fact]
    public async Task An_error_is_never_cached()
    {
        _server.ScriptFaults(RoutedKernel.Model, UpstreamFaults.Status(500));
        var client = Cached(InProcessCache());

        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync(Messages("Answer briefly."), Deterministic));
        var retried = await client.GetResponseAsync(Messages("Answer briefly."), Deterministic);

        Assert.Equal(2, _server.Received.Count);
        Assert.Equal("Paris.", retried.Text);
        Assert.Null(retried.AdditionalProperties?.GetValueOrDefault(ResponseCacheProperties.Hit));
    }

    [Fact]
    public async Task A_refusal_is_never_cached()
    {
        _server.ScriptFaults(RoutedKernel.Model, UpstreamFaults.Refusal("I can't help with that."));
        var client = Cached(InProcessCache());

        await client.GetResponseAsync(Messages("Answer briefly."), Deterministic);
        var second = await client.GetResponseAsync(Messages("Answer briefly."), Deterministic);

        Assert.Equal(2, _server.Received.Count);
        Assert.Equal("Paris.", second.Text);
    }

    [Fact]
    public async Task A_filtered_reply_is_never_cached()
    {
        _server.ScriptFaults(RoutedKernel.Model, UpstreamFaults.ContentFiltered("Par"));
        var client = Cached(InProcessCache());

        await client.GetResponseAsync(Messages("Answer briefly."), Deterministic);
        await client.GetResponseAsync(Messages("Answer briefly."), Deterministic);

        Assert.Equal(2, _server.Received.Count);
    }

    [SkippableFact]
    public async Task Replicas_share_replies_through_redis_and_its_keys_hold_no_prompt_or_api_key()
    {
        var configuration = redis.Server.Configuration;
        var replicaA = Cached(RedisBackedCache(configuration));
        var replicaB = Cached(RedisBackedCache(configuration));

        await replicaA.GetResponseAsync(Messages("Answer briefly."), Deterministic);
        var hit = await replicaB.GetResponseAsync(Messages("Answer briefly."), Deterministic);

        Assert.Single(_server.Received);
        Assert.True((bool)hit.AdditionalProperties![ResponseCacheProperties.Hit]!);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var keys = connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: "*").Select(k => k.ToString()).ToList();
        string key = Assert.Single(keys);
        Assert.Matches("^xrouter:response:[0-9a-f]{64}$", key);
        Assert.DoesNotContain("capital", key, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sk-test", key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_reply_is_cached_and_replayed_as_a_stream()
    {
        var client = Cached(InProcessCache());

        string first = string.Concat(await client.GetStreamingResponseAsync(Messages("Answer briefly."), Deterministic).Select(u => u.Text).ToListAsync());
        var replay = await client.GetStreamingResponseAsync(Messages("Answer briefly."), Deterministic).ToListAsync();

        Assert.Single(_server.Received);
        Assert.Equal(first, string.Concat(replay.Select(u => u.Text)));
        Assert.Contains(replay, u => u.AdditionalProperties?.ContainsKey(ResponseCacheProperties.Hit) == true);
    }

    [Fact]
    public async Task Through_the_router_a_hit_is_billed_nothing_and_records_what_it_saved()
    {
        var router = RoutedKernel.Router(Cached(InProcessCache()));

        var first = await router.GetResponseAsync([new ChatMessage(ChatRole.User, Query)]);
        var second = await router.GetResponseAsync([new ChatMessage(ChatRole.User, Query)]);

        var miss = DownstreamCall(first);
        var hit = DownstreamCall(second);
        Assert.Single(_server.Received);
        Assert.Equal((false, Card.CostOf(new TokenUsage(40, 3))), ((bool)miss["cache_hit"]!, (double)miss["cost_usd"]!));
        Assert.Equal((true, 0.0), ((bool)hit["cache_hit"]!, (double)hit["cost_usd"]!));
        Assert.Equal((double)miss["cost_usd"]!, (double)hit["saved_usd"]!, 15);
    }

    private static IReadOnlyDictionary<string, object?> DownstreamCall(ChatResponse response) =>
        ((IEnumerable<IReadOnlyDictionary<string, object?>>)response.AdditionalProperties!["xrouter.calls"]!).Single(c => (string)c["kind"]! == "downstream");

    private static ChatMessage[] Messages(string systemPrompt) =>
        [new ChatMessage(ChatRole.System, systemPrompt), new ChatMessage(ChatRole.User, Query)];

    private IChatClient Cached(HybridCache cache, ResponseCacheOptions? options = null) =>
        new ResponseCachingChatClient(RoutedKernel.DownstreamClient(_server), cache, Card, options);

    private HybridCache InProcessCache() => Build(services => services.AddHybridCache());

    private HybridCache RedisBackedCache(string configuration) => Build(services =>
    {
        services.AddStackExchangeRedisCache(o => o.Configuration = configuration);
        services.AddHybridCache();
    });

    private HybridCache Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<HybridCache>();
    }
}

using Microsoft.Extensions.AI;
using StackExchange.Redis;
using XRouter.Reliability.Extensions;
using XRouter.Reliability.SharedBudget;
using XRouter.Reliability.Tests.TestSupport;
using XRouter.SemanticKernel;
using XRouter.SemanticKernel.Budget;
using XRouter.Testing;
using XRouter.Testing.Services;

namespace XRouter.Reliability.Tests.SharedBudget;

/// <summary>Two XRouter services ("replicas", each with its own container and Redis connection) drawing on one account.</summary>
public sealed class RedisSharedBudgetRoutingTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const string Account = "team-a";

    // Below what the 200 requests cost even one after another (two router turns and one call, about 0.00028 USD
    // each), so the account runs out however the requests interleave; concurrency decides only how reservations race.
    private const double Limit = 0.02;
    private LoopbackOpenAIServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackOpenAIServer.StartAsync();
        _server.Script(RoutedKernel.Model, new ScriptedReply("4", 20, 1) { Delay = TimeSpan.FromMilliseconds(5) });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [SkippableFact]
    public async Task Two_hundred_concurrent_requests_on_two_replicas_never_overspend_the_shared_account()
    {
        string prefix = $"routing:{Guid.NewGuid():N}:";
        var replicas = new[] { Replica(prefix), Replica(prefix) };
        var options = new ChatOptions { AdditionalProperties = new() { ["budget_account"] = Account } };
        int answered = 0, refused = 0;
        double answeredCost = 0;
        var gate = new Lock();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            try
            {
                var reply = await replicas[i % 2].GetResponseAsync([new ChatMessage(ChatRole.User, $"What is {i}+2?")], options);
                lock (gate)
                {
                    answered++;
                    answeredCost += (double)reply.AdditionalProperties!["xrouter.cost_usd"]!;
                }
            }
            catch (XRouterException)
            {
                Interlocked.Increment(ref refused);
            }
        })));

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var balance = await Store(connection, prefix).GetBalanceAsync(Account);
        Assert.Equal(200, answered + refused);
        Assert.True(answered > 0 && refused > 0, $"{answered} answered, {refused} refused: the load should exhaust the account");
        Assert.True(balance.SpentUsd <= Limit, $"spent {balance.SpentUsd} of {Limit}");
        Assert.True(balance.SpentUsd >= answeredCost - 1e-9, $"spent {balance.SpentUsd} but answered requests cost {answeredCost}");
        Assert.Equal(0, balance.ReservedUsd, 9);
    }

    private IChatClient Replica(string prefix) => RoutedKernel.Router(
        new Dictionary<string, IChatClient> { [RoutedKernel.Model] = RoutedKernel.DownstreamClient(_server) },
        services => services.AddXRouterRedisBudgets(redis.Server.Configuration, o =>
        {
            o.KeyPrefix = prefix;
            o.Limits[Account] = Limit;
        }));

    private static RedisBudgetStore Store(IConnectionMultiplexer connection, string prefix)
    {
        var options = new RedisBudgetOptions { KeyPrefix = prefix };
        return new RedisBudgetStore(connection, options);
    }
}

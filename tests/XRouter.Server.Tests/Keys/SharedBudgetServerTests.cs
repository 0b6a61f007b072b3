using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using XRouter.SemanticKernel.Budget;
using XRouter.Reliability.SharedBudget;
using XRouter.Server.Api;
using XRouter.Server.Keys;
using XRouter.Server.Tests.TestSupport;
using XRouter.Testing.Services;

namespace XRouter.Server.Tests.Keys;

/// <summary>200 concurrent requests on one API key's budget: in one server's process, and in Redis shared by two server instances (XRouterServer:Budgets:Redis).</summary>
public sealed class SharedBudgetServerTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const string Key = "sk-team-a-secret";
    private const string Account = "key:team-a";
    private const double Limit = 0.004;

    [Fact]
    public async Task Two_hundred_concurrent_requests_on_one_server_never_overspend_the_keys_in_process_budget()
    {
        await using var server = await ServerHarness.StartAsync(Settings());

        var load = await LoadAsync([server]);

        var balance = await server.App.Services.GetRequiredService<IBudgetStore>().GetBalanceAsync(Account);
        AssertHeld(load, balance);
    }

    [SkippableFact]
    public async Task Two_hundred_concurrent_requests_on_two_server_instances_never_overspend_the_keys_budget_in_redis()
    {
        string prefix = $"serve:{Guid.NewGuid():N}:";
        var settings = Settings();
        settings["XRouterServer:Budgets:Redis"] = redis.Server.Configuration;
        settings["XRouterServer:Budgets:KeyPrefix"] = prefix;
        await using var first = await ServerHarness.StartAsync(settings);
        await using var second = await ServerHarness.StartAsync(settings);

        var load = await LoadAsync([first, second]);

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var balance = await new RedisBudgetStore(connection, new RedisBudgetOptions { KeyPrefix = prefix }).GetBalanceAsync(Account);
        AssertHeld(load, balance);
    }

    private static Dictionary<string, string?> Settings() => new()
    {
        ["XRouterServer:ApiKeys:team-a:Sha256"] = ApiKeyHash.Of(Key),
        ["XRouterServer:ApiKeys:team-a:BudgetUsd"] = Limit.ToString(CultureInfo.InvariantCulture),
        ["XRouterServer:ApiKeys:team-a:BudgetPeriod"] = "01:00:00",
    };

    /// <summary>200 routed requests at once, spread over the instances; counts what was answered, refused (429) or neither.</summary>
    private static async Task<Load> LoadAsync(ServerHarness[] instances)
    {
        int answered = 0, refused = 0;
        long answeredNano = 0;
        var unexpected = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            using var response = await instances[i % instances.Length].PostAsync($$"""{"model": "xrouter", "messages": [{"role": "user", "content": "What is {{i}}+2?"}]}""", Key);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Interlocked.Increment(ref answered);
                double cost = double.Parse(response.Headers.GetValues(ChatCompletionsEndpoint.CostHeader).Single(), CultureInfo.InvariantCulture);
                Interlocked.Add(ref answeredNano, (long)Math.Round(cost * 1e9));
            }
            else if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Interlocked.Increment(ref refused);
            }
            else
            {
                unexpected.Add(response.StatusCode);
            }
        })));
        return new Load(answered, refused, answeredNano / 1e9, [.. unexpected]);
    }

    private static void AssertHeld(Load load, BudgetBalance balance)
    {
        Assert.Empty(load.Unexpected);
        Assert.True(load.Answered > 0 && load.Refused > 0, $"{load.Answered} answered, {load.Refused} refused: the load should exhaust the key's budget");
        Assert.True(balance.SpentUsd <= Limit, $"spent {balance.SpentUsd} of {Limit}");
        Assert.True(balance.SpentUsd >= load.AnsweredCostUsd - 1e-8, $"spent {balance.SpentUsd} but the answered requests cost {load.AnsweredCostUsd}");
        Assert.Equal(0, balance.ReservedUsd, 9);
    }

    private sealed record Load(int Answered, int Refused, double AnsweredCostUsd, IReadOnlyList<HttpStatusCode> Unexpected);
}

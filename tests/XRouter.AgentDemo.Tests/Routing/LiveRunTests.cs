using System.Text.Json;
using AgentDemo.Data;
using Microsoft.Extensions.Configuration;
using XRouter.Policy.Data;
using XRouter.Testing;

namespace XRouter.AgentDemo.Tests.Routing;

public sealed class LiveRunTests
{
    [Theory]
    [InlineData("af")]
    [InlineData("sk")]
    public async Task Live_the_agent_calls_the_configured_endpoints_over_http_and_prices_their_usage(string agent)
    {
        await using var server = await LoopbackOpenAIServer.StartAsync();
        var data = await DemoFixture.ShippedDataAsync();
        var models = data.Catalog.Models.Select(c => c.Id).ToList();
        foreach (string model in models)
        {
            server.Script(model, new ScriptedReply("B", PromptTokens: 100, CompletionTokens: 1));
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(models.SelectMany(m => new[]
        {
            KeyValuePair.Create<string, string?>($"XRouter:Models:{m}:Endpoint", server.BaseUrl.ToString()),
            KeyValuePair.Create<string, string?>($"XRouter:Models:{m}:ApiKey", "test-key"),
            KeyValuePair.Create<string, string?>($"XRouter:Models:{m}:MaxRetries", "0"),
        })).Build();
        string log = Path.Combine(Path.GetTempPath(), $"xrouter-live-{Guid.NewGuid():N}.jsonl");
        await RoutingLogJsonl.WriteAsync(log, data.Log.Take(3));

        var (code, output, error) = await DemoFixture.RunWithAsync(string.Empty, configuration, "--live", "--json", "--agent", agent, "--data", log);

        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        var queries = document.RootElement.GetProperty("queries").EnumerateArray().ToList();
        Assert.Equal(3, queries.Count);
        var called = queries.SelectMany(q => q.GetProperty("models").EnumerateArray().Select(m => m.GetString()!)).ToList();
        Assert.NotEmpty(called);
        Assert.Equal(called.Count, server.Received.Count);
        double expected = called.Sum(m => data.Catalog.Get(m).CostOf(new XRouter.Policy.Catalog.TokenUsage(100, 1)));
        Assert.Equal(expected, queries.Sum(q => q.GetProperty("cost_usd").GetDouble()), 1e-12);
        Assert.All(queries, q => Assert.Equal(JsonValueKind.Null, q.GetProperty("correct").ValueKind));
    }

    [Fact]
    public async Task The_semantic_kernel_agents_calculator_is_offered_to_an_llm_router_beside_the_model_tools()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync();
        const string router = "gpt-3.5-turbo-1106";
        server.Script(router, new ScriptedReply("B", PromptTokens: 500, CompletionTokens: 1));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["XRouter:RouterModelId"] = router,
            ["XRouter:Backbone:Endpoint"] = server.BaseUrl.ToString(),
            ["XRouter:Backbone:ApiKey"] = "test-key",
            ["XRouter:Models:mistralai/mistral-7b-chat:Endpoint"] = server.BaseUrl.ToString(),
            ["XRouter:Models:mistralai/mistral-7b-chat:ApiKey"] = "test-key",
        }).Build();
        string log = Path.Combine(Path.GetTempPath(), $"xrouter-live-{Guid.NewGuid():N}.jsonl");
        await RoutingLogJsonl.WriteAsync(log, (await DemoFixture.ShippedDataAsync()).Log.Take(1));

        var (code, output, error) = await DemoFixture.RunWithAsync(string.Empty, configuration, "--live", "--json", "--agent", "sk", "--data", log);

        Assert.True(code == 0, error);
        var tools = Assert.Single(server.ReceivedFor(router)).Tools;
        Assert.Contains(tools, t => t.EndsWith("calculate", StringComparison.Ordinal));
        Assert.Contains("call_mistralai_mistral_7b_chat", tools);
        using var document = JsonDocument.Parse(output);
        Assert.Equal("direct", document.RootElement.GetProperty("queries")[0].GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Live_without_any_endpoint_says_what_to_configure()
    {
        var (code, _, error) = await DemoFixture.RunWithAsync(string.Empty, null, "--live", "--data", DemoData.ShippedFolder);

        Assert.Equal(1, code);
        Assert.Contains("--live needs endpoints", error, StringComparison.Ordinal);
    }
}

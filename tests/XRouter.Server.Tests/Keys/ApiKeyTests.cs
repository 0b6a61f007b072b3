using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using XRouter.SemanticKernel.Budget;
using XRouter.Server.Keys;
using XRouter.Server.Tests.TestSupport;

namespace XRouter.Server.Tests.Keys;

/// <summary>API keys configured by their SHA-256, with per-key models and budgets.</summary>
public sealed class ApiKeyTests
{
    private const string Key = "sk-team-a-secret";
    private const string Question = """{"model": "xrouter", "messages": [{"role": "user", "content": "What is 2+2?"}]}""";

    private static Dictionary<string, string?> KeyedSettings(double? budgetUsd = null, string? allowedModel = null)
    {
        var settings = new Dictionary<string, string?> { ["XRouterServer:ApiKeys:team-a:Sha256"] = ApiKeyHash.Of(Key) };
        if (budgetUsd is double budget)
        {
            settings["XRouterServer:ApiKeys:team-a:BudgetUsd"] = budget.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["XRouterServer:ApiKeys:team-a:BudgetPeriod"] = "01:00:00";
        }

        if (allowedModel is not null)
        {
            settings["XRouterServer:ApiKeys:team-a:AllowedModels:0"] = allowedModel;
        }

        return settings;
    }

    [Fact]
    public async Task Request_without_a_key_is_401()
    {
        await using var server = await ServerHarness.StartAsync(KeyedSettings());

        using var response = await server.PostAsync(Question);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("missing_api_key", (await ServerHarness.ErrorOf(response))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_key_is_401()
    {
        await using var server = await ServerHarness.StartAsync(KeyedSettings());

        using var response = await server.PostAsync(Question, apiKey: "sk-guess");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (await ServerHarness.ErrorOf(response))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Configured_key_is_served_through_the_OpenAI_client()
    {
        await using var server = await ServerHarness.StartAsync(KeyedSettings());

        OpenAI.Chat.ChatCompletion completion = await server.OpenAI(Key).GetChatClient("xrouter").CompleteChatAsync([new OpenAI.Chat.UserChatMessage("What is 2+2?")]);

        Assert.Equal("cheap answer", completion.Content[0].Text);
    }

    [Fact]
    public async Task Key_asking_for_a_model_it_may_not_use_is_403()
    {
        await using var server = await ServerHarness.StartAsync(KeyedSettings(allowedModel: ServerHarness.Cheap));

        using var response = await server.PostAsync($$"""{"model": "{{ServerHarness.Strong}}", "messages": [{"role": "user", "content": "hi"}]}""", Key);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("model_not_allowed", (await ServerHarness.ErrorOf(response))["code"]!.GetValue<string>());
        Assert.Empty(server.Upstream.Received);
    }

    [Fact]
    public async Task Routed_spend_is_recorded_on_the_keys_account()
    {
        await using var server = await ServerHarness.StartAsync(KeyedSettings(budgetUsd: 1));

        using var response = await server.PostAsync(Question, Key);

        double cost = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["xrouter"]!["cost_usd"]!.GetValue<double>();
        var balance = await server.App.Services.GetRequiredService<IBudgetStore>().GetBalanceAsync("key:team-a");
        Assert.True(cost > 0);
        Assert.Equal(cost, balance.SpentUsd, 15);
    }

    [Fact]
    public async Task Key_that_spent_its_budget_gets_429_with_Retry_After()
    {
        await using var server = await ServerHarness.StartAsync(KeyedSettings(budgetUsd: 0.01));
        var store = server.App.Services.GetRequiredService<IBudgetStore>();
        await store.SettleAsync(await store.ReserveAsync("key:team-a", 0.01, 0.01), 0.01);

        using var response = await server.PostAsync(Question, Key);

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.Equal("budget_exceeded", (await ServerHarness.ErrorOf(response))["code"]!.GetValue<string>());
        Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Empty(server.Upstream.Received);
    }

    [Fact]
    public async Task Routed_request_the_keys_budget_cannot_cover_is_429()
    {
        await using var server = await ServerHarness.StartAsync(KeyedSettings(budgetUsd: 0.0000001));

        using var response = await server.PostAsync(Question, Key);

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.Equal("budget_exceeded", (await ServerHarness.ErrorOf(response))["code"]!.GetValue<string>());
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Direct_call_whose_worst_case_exceeds_the_keys_budget_is_429_before_any_call()
    {
        await using var server = await ServerHarness.StartAsync(KeyedSettings(budgetUsd: 0.0001));

        using var response = await server.PostAsync($$"""{"model": "{{ServerHarness.Strong}}", "max_tokens": 1000, "messages": [{"role": "user", "content": "hi"}]}""", Key);

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Empty(server.Upstream.Received);
    }
}

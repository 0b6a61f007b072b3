using System.Text.Json.Nodes;
using XRouter.Reliability.Ledger;
using XRouter.SemanticKernel.Ledger;
using XRouter.Server.Keys;
using XRouter.Server.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.Server.Tests.Ledger;

/// <summary>Every request xrouter serve answers is in its durable ledger, under the response's id and the key's name, before the reply leaves.</summary>
public sealed class ServedRequestLedgerTests
{
    private const string Key = "sk-team-a-secret";
    private const string KeyName = "team-a";

    private static Dictionary<string, string?> Settings(bool recordPrompts = false) => new()
    {
        [$"XRouterServer:ApiKeys:{KeyName}:Sha256"] = ApiKeyHash.Of(Key),
        ["XRouterServer:Ledger:RecordPrompts"] = recordPrompts ? "true" : "false",
    };

    [Fact]
    public async Task A_routed_reply_is_in_the_ledger_under_its_response_id_and_key_name()
    {
        await using var server = await ServerHarness.StartAsync(Settings());

        using var response = await server.PostAsync("""{"model": "xrouter", "messages": [{"role": "user", "content": "What is 2+2?"}]}""", Key);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var record = await server.Ledger.FindAsync(body["id"]!.GetValue<string>());
        Assert.NotNull(record);
        Assert.Equal((KeyName, "select", (string?)null), (record.KeyId, record.Mode, record.Query));
        Assert.Equal(
            [(CallKind.Router, "router"), (CallKind.Downstream, ServerHarness.Cheap), (CallKind.Router, "router")],
            record.Calls.Select(c => (c.Kind, c.Model)));
        Assert.Equal(body["xrouter"]!["cost_usd"]!.GetValue<double>(), record.CostUsd, 12);
        Assert.Equal(11, record.Calls[1].InputTokens);
    }

    [Fact]
    public async Task A_request_sent_straight_to_a_pool_model_is_in_the_ledger_with_its_reply_when_prompts_are_recorded()
    {
        await using var server = await ServerHarness.StartAsync(Settings(recordPrompts: true));

        using var response = await server.PostAsync($$"""{"model": "{{ServerHarness.Strong}}", "messages": [{"role": "user", "content": "Say hi"}]}""", Key);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var record = await server.Ledger.FindAsync(body["id"]!.GetValue<string>());
        Assert.NotNull(record);
        Assert.Equal((KeyName, "route", "Say hi"), (record.KeyId, record.Mode, record.Query));
        var call = Assert.Single(record.Calls);
        Assert.Equal((ServerHarness.Strong, 13L, 5L, "strong answer"), (call.Model, call.InputTokens, call.OutputTokens, call.Response));
        Assert.Equal(((13 * 1.25) + (5 * 10.0)) / 1e6, call.CostUsd, 15);
    }

    [Fact]
    public async Task A_direct_call_keeps_its_cached_and_reasoning_tokens_and_its_catalog_price()
    {
        await using var server = await ServerHarness.StartAsync(Settings());
        server.Upstream.ScriptFaults(ServerHarness.Strong, UpstreamFaults.DetailedUsage("strong answer", promptTokens: 400, cachedTokens: 100, completionTokens: 80, reasoningTokens: 30));

        using var response = await server.PostAsync($$"""{"model": "{{ServerHarness.Strong}}", "messages": [{"role": "user", "content": "Say hi"}]}""", Key);

        var call = (await server.Ledger.FindAsync((JsonNode.Parse(await response.Content.ReadAsStringAsync())!)["id"]!.GetValue<string>()))!.Calls.Single();
        Assert.Equal((400L, 100L, 80L, 30L), (call.InputTokens, call.CachedInputTokens, call.OutputTokens, call.ReasoningTokens));
        Assert.Equal(((300 * 1.25) + (100 * 0.125) + (80 * 10.0)) / 1e6, call.CostUsd, 15);
    }

    [Theory]
    [InlineData("xrouter", 3)]
    [InlineData(ServerHarness.Strong, 1)]
    public async Task A_streamed_reply_is_committed_before_its_finish_chunk_is_sent(string model, int calls)
    {
        await using var server = await ServerHarness.StartAsync(Settings());
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent($$"""{"model": "{{model}}", "stream": true, "messages": [{"role": "user", "content": "What is 2+2?"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", Key);
        LedgerRequest? recordAtFinish = null;
        bool finished = false;

        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal))
            {
                continue;
            }

            var chunk = JsonNode.Parse(line["data: ".Length..])!;
            if (chunk["choices"]?[0]?["finish_reason"] is JsonValue)
            {
                // Read the ledger before the rest of the stream, while the server may still be writing it.
                recordAtFinish = await server.Ledger.FindAsync(chunk["id"]!.GetValue<string>());
                finished = true;
                break;
            }
        }

        Assert.True(finished, "the stream sent no finish chunk");
        Assert.NotNull(recordAtFinish);
        Assert.Equal((KeyName, calls), (recordAtFinish.KeyId, recordAtFinish.Calls.Count));
    }

    [Fact]
    public async Task Neither_the_key_nor_its_name_reaches_the_router_or_the_models()
    {
        await using var server = await ServerHarness.StartAsync(Settings());

        using var response = await server.PostAsync("""{"model": "xrouter", "messages": [{"role": "user", "content": "What is 2+2?"}]}""", Key);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(3, server.Upstream.Received.Count);
        Assert.All(server.Upstream.Received, r =>
        {
            string sent = r.Body!.ToJsonString();
            Assert.DoesNotContain(Key, sent, StringComparison.Ordinal);
            Assert.DoesNotContain(KeyName, sent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_request_that_fails_after_billed_router_turns_has_them_on_record_under_its_request_id()
    {
        await using var server = await ServerHarness.StartAsync(Settings());
        server.Upstream.ScriptFaults(ServerHarness.Cheap, [.. Enumerable.Repeat(UpstreamFaults.Status(400), 4)]);

        using var response = await server.PostAsync("""{"model": "xrouter", "messages": [{"role": "user", "content": "What is 2+2?"}]}""", Key);

        Assert.Equal(System.Net.HttpStatusCode.BadGateway, response.StatusCode);
        var record = await server.Ledger.FindAsync(response.Headers.GetValues(XRouter.Server.Api.ChatCompletionsEndpoint.RequestIdHeader).Single());
        Assert.NotNull(record);
        Assert.Equal((XRouter.Server.Api.ChatCompletionsEndpoint.FailedMode, KeyName), (record.Mode, record.KeyId));
        var routerTurns = record.Calls.Where(c => c.Kind == CallKind.Router).ToList();
        Assert.Equal(server.Upstream.ReceivedFor(ServerHarness.Router).Count, routerTurns.Count);
        Assert.All(routerTurns, c => Assert.True(c.CostUsd > 0));
        Assert.All(record.Calls.Where(c => c.Kind == CallKind.Downstream), c => Assert.Equal((CallStatus.Failed, 0.0), (c.Status, c.CostUsd)));
    }

    [Fact]
    public async Task A_response_cache_hit_is_recorded_at_zero_cost_with_what_it_saved()
    {
        var settings = Settings();
        settings["XRouterServer:ResponseCache:Enabled"] = "true";
        await using var server = await ServerHarness.StartAsync(settings);
        string body = $$"""{"model": "{{ServerHarness.Strong}}", "temperature": 0, "messages": [{"role": "user", "content": "Say hi"}]}""";

        using var first = await server.PostAsync(body, Key);
        using var second = await server.PostAsync(body, Key);

        Assert.Single(server.Upstream.ReceivedFor(ServerHarness.Strong));
        var paid = (await server.Ledger.FindAsync(await IdOf(first)))!.Calls.Single();
        var hit = (await server.Ledger.FindAsync(await IdOf(second)))!.Calls.Single();
        Assert.Equal((false, true), (paid.CacheHit, hit.CacheHit));
        Assert.Equal((0.0, paid.CostUsd), (hit.CostUsd, hit.SavedUsd));
    }

    private static async Task<string> IdOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

    [Fact]
    public async Task A_reply_whose_record_cannot_be_committed_is_an_error_not_an_unrecorded_answer()
    {
        await using var server = await ServerHarness.StartAsync(Settings());
        await BreakLedgerAsync(server);

        using var response = await server.PostAsync("""{"model": "xrouter", "messages": [{"role": "user", "content": "What is 2+2?"}]}""", Key);

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("cheap answer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_whose_record_cannot_be_committed_ends_in_an_error_event_instead_of_its_finish_chunk()
    {
        await using var server = await ServerHarness.StartAsync(Settings());
        await BreakLedgerAsync(server);

        using var response = await server.PostAsync("""{"model": "xrouter", "stream": true, "messages": [{"role": "user", "content": "What is 2+2?"}]}""", Key);

        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e["data: ".Length..]).ToList();
        Assert.Equal("[DONE]", events[^1]);
        Assert.NotNull(JsonNode.Parse(events[^2])!["error"]);
        Assert.DoesNotContain(events.SkipLast(1), e => JsonNode.Parse(e)!["choices"]?[0]?["finish_reason"] is JsonValue);
    }

    /// <summary>Drops the ledger's tables under the running server, so its next commit fails.</summary>
    private static async Task BreakLedgerAsync(ServerHarness server)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={server.LedgerPath}");
        await connection.OpenAsync();
        await using var drop = connection.CreateCommand();
        drop.CommandText = "DROP TABLE xrouter_outcomes; DROP TABLE xrouter_calls; DROP TABLE xrouter_requests;";
        await drop.ExecuteNonQueryAsync();
    }
}

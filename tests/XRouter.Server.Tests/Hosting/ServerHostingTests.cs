using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using XRouter.Server.Keys;
using XRouter.Server.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.Server.Tests.Hosting;

/// <summary>Start-up validation, health, OpenAPI, logging and graceful shutdown of the hosted server.</summary>
public sealed class ServerHostingTests
{
    [Fact]
    public async Task Bad_option_fails_start_up_naming_the_key()
    {
        var settings = new Dictionary<string, string?> { ["XRouterServer:ApiKeys:team-a:Sha256"] = "not-a-hash" };

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => ServerHarness.StartAsync(settings));

        Assert.Contains("XRouterServer:ApiKeys:team-a:Sha256", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_and_ready_answer_once_started()
    {
        await using var server = await ServerHarness.StartAsync();

        using var health = await server.Http.GetAsync("health");
        using var ready = await server.Http.GetAsync("ready");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenAPI_document_describes_chat_completions()
    {
        await using var server = await ServerHarness.StartAsync();

        var document = JsonNode.Parse(await server.Http.GetStringAsync("openapi/v1.json"))!;

        Assert.NotNull(document["paths"]!["/v1/chat/completions"]!["post"]);
        Assert.NotNull(document["paths"]!["/v1/models"]);
    }

    [Fact]
    public async Task Logs_hold_neither_the_key_nor_the_prompt()
    {
        const string key = "sk-do-not-log-me";
        var logs = new CapturedLogs();
        await using var server = await ServerHarness.StartAsync(new Dictionary<string, string?> { ["XRouterServer:ApiKeys:ops:Sha256"] = ApiKeyHash.Of(key) }, logs);

        using var response = await server.PostAsync("""{"model": "xrouter", "messages": [{"role": "user", "content": "PROMPT-MARKER-42"}]}""", key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(logs.Lines, line => line.Contains("Served xrouter for key ops", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(key, StringComparison.Ordinal) || line.Contains("PROMPT-MARKER-42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sensitive_logging_switched_on_logs_the_prompt()
    {
        var logs = new CapturedLogs();
        await using var server = await ServerHarness.StartAsync(new Dictionary<string, string?> { ["XRouterServer:EnableSensitiveData"] = "true" }, logs);

        using var response = await server.PostAsync("""{"model": "xrouter", "messages": [{"role": "user", "content": "PROMPT-MARKER-42"}]}""");

        Assert.Contains(logs.Lines, line => line.Contains("PROMPT-MARKER-42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shutdown_lets_a_stream_in_flight_finish()
    {
        await using var server = await ServerHarness.StartAsync(new Dictionary<string, string?> { ["XRouterServer:ShutdownTimeout"] = "00:00:10" });
        server.Upstream.Script(ServerHarness.Strong, new ScriptedReply("one two three four", 9, 4) { ChunkDelay = TimeSpan.FromMilliseconds(150) });
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent($$"""{"model": "{{ServerHarness.Strong}}", "stream": true, "stream_options": {"include_usage": true}, "messages": [{"role": "user", "content": "count"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string firstEvent = (await reader.ReadLineAsync())!;

        var stopping = server.App.StopAsync();
        string rest = await reader.ReadToEndAsync();
        await stopping;

        Assert.StartsWith("data: ", firstEvent, StringComparison.Ordinal);
        Assert.Contains("four", rest, StringComparison.Ordinal);
        Assert.Contains("\"completion_tokens\":4", rest, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]", rest.TrimEnd(), StringComparison.Ordinal);
    }
}

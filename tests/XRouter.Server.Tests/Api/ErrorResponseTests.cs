using System.Net;
using XRouter.Server.Tests.TestSupport;

namespace XRouter.Server.Tests.Api;

/// <summary>Bad requests over raw HTTP: each gets an OpenAI-style error body that names the problem.</summary>
public sealed class ErrorResponseTests
{
    [Fact]
    public async Task Broken_json_is_400()
    {
        await using var server = await ServerHarness.StartAsync();

        using var response = await server.PostAsync("""{"model": "xrouter", "messages": [""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ServerHarness.ErrorOf(response);
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Contains("JSON", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model": "xrouter", "messages": [{"role": "user", "content": 5}]}""", "messages[0].content")]
    [InlineData("""{"model": "xrouter", "messages": [{"role": "wizard", "content": "hi"}]}""", "messages[0].role")]
    [InlineData("""{"messages": [{"role": "user", "content": "hi"}]}""", "model")]
    [InlineData("""{"model": "xrouter", "messages": []}""", "messages")]
    [InlineData("""{"model": "xrouter", "temperature": 3, "messages": [{"role": "user", "content": "hi"}]}""", "temperature")]
    [InlineData("""{"model": "xrouter", "max_tokens": "many", "messages": [{"role": "user", "content": "hi"}]}""", "max_tokens")]
    [InlineData("""{"model": "xrouter", "max_completion_tokens": 0, "messages": [{"role": "user", "content": "hi"}]}""", "max_completion_tokens")]
    [InlineData("""{"model": "xrouter", "xrouter": {"cost_penalty": -1}, "messages": [{"role": "user", "content": "hi"}]}""", "xrouter.cost_penalty")]
    [InlineData("""{"model": "xrouter", "xrouter": {"allowed_models": ["nope"]}, "messages": [{"role": "user", "content": "hi"}]}""", "xrouter.allowed_models")]
    [InlineData("""{"model": "xrouter", "messages": [{"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{not json"}}]}, {"role": "user", "content": "hi"}]}""", "messages[0].tool_calls[0].function.arguments")]
    [InlineData("""{"model": "xrouter", "messages": [{"role": "user", "content": "hi", "content": "bye"}]}""", "messages[0].content")]
    [InlineData("""{"model": "xrouter", "model": "m-cheap", "messages": [{"role": "user", "content": "hi"}]}""", "model")]
    [InlineData("""{"model": "xrouter", "messages": [{"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{\"x\": 1, \"x\": 2}"}}]}, {"role": "user", "content": "hi"}]}""", "messages[0].tool_calls[0].function.arguments")]
    public async Task Invalid_field_is_400_naming_the_field(string body, string field)
    {
        await using var server = await ServerHarness.StartAsync();

        using var response = await server.PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ServerHarness.ErrorOf(response);
        Assert.Equal(field, error["param"]!.GetValue<string>());
        Assert.Contains(field, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_model_is_404_listing_the_models()
    {
        await using var server = await ServerHarness.StartAsync();

        using var response = await server.PostAsync("""{"model": "gpt-9", "messages": [{"role": "user", "content": "hi"}]}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await ServerHarness.ErrorOf(response);
        Assert.Equal("model_not_found", error["code"]!.GetValue<string>());
        Assert.Contains(ServerHarness.Cheap, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_over_the_configured_size_is_413()
    {
        await using var server = await ServerHarness.StartAsync(new Dictionary<string, string?> { ["XRouterServer:MaxRequestBodyBytes"] = "2048" });
        string big = new('x', 4096);

        using var response = await server.PostAsync($$"""{"model": "xrouter", "messages": [{"role": "user", "content": "{{big}}"}]}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (await ServerHarness.ErrorOf(response))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Failing_downstream_model_on_a_direct_route_is_502_with_its_status()
    {
        await using var server = await ServerHarness.StartAsync();
        server.Upstream.Script(ServerHarness.Strong, new XRouter.Testing.ScriptedReply("x", 1, 1) { StatusCode = 503 });

        using var response = await server.PostAsync($$"""{"model": "{{ServerHarness.Strong}}", "messages": [{"role": "user", "content": "hi"}]}""");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("503", (await ServerHarness.ErrorOf(response))["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

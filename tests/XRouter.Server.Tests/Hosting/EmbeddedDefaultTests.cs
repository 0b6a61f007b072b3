using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace XRouter.Server.Tests.Hosting;

/// <summary>With nothing configured the server answers from its embedded replay default: no keys, no network.</summary>
public sealed class EmbeddedDefaultTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("xrouter-embedded-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Unconfigured_server_routes_a_query_of_the_embedded_log()
    {
        await using var app = await StartUnconfiguredAsync();
        using var http = Client(app);

        using var response = await PostAsync(http, "Write a python function to find the minimum of two numbers.");

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("def ", body["choices"]![0]!["message"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(body["xrouter"]!["cost_usd"]!.GetValue<double>() > 0);
    }

    [Fact]
    public async Task Query_outside_the_embedded_log_is_an_error_that_says_so()
    {
        await using var app = await StartUnconfiguredAsync();
        using var http = Client(app);

        using var response = await PostAsync(http, "What is the airspeed of an unladen swallow?");

        Assert.False(response.IsSuccessStatusCode);
        string message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>();
        Assert.Contains("no model replied", message, StringComparison.Ordinal);
    }

    private async Task<WebApplication> StartUnconfiguredAsync()
    {
        var builder = XRouterServerApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["XRouterServer:Telemetry:Console"] = "false",
            ["XRouterServer:Ledger:SqlitePath"] = Path.Combine(_directory.FullName, "ledger.db"),
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = XRouterServerApplication.Build(builder);
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app) =>
        new() { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string prompt) =>
        http.PostAsync("v1/chat/completions", new StringContent(
            $$"""{"model": "xrouter", "messages": [{"role": "user", "content": "{{prompt}}"}]}""", System.Text.Encoding.UTF8, "application/json"));
}

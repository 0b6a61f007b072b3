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
public sealed class EmbeddedDefaultTests
{
    [Fact]
    public async Task Unconfigured_server_routes_a_query_of_the_embedded_log()
    {
        var builder = XRouterServerApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["XRouterServer:Telemetry:Console"] = "false" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = XRouterServerApplication.Build(builder);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        using var response = await http.PostAsync("v1/chat/completions", new StringContent(
            """{"model": "xrouter", "messages": [{"role": "user", "content": "Write a python function to find the minimum of two numbers."}]}""", System.Text.Encoding.UTF8, "application/json"));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("def ", body["choices"]![0]!["message"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(body["xrouter"]!["cost_usd"]!.GetValue<double>() > 0);
        await app.StopAsync();
    }
}

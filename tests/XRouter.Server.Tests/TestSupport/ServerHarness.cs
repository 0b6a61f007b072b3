using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;
using XRouter.Testing;

namespace XRouter.Server.Tests.TestSupport;

/// <summary>
/// The real XRouter server on a loopback Kestrel port. Its pool is <c>m-cheap</c> and <c>m-strong</c>, and its router
/// backbone the model <c>router</c>, all served over HTTP by one <see cref="LoopbackOpenAIServer"/>.
/// </summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    public const string Cheap = "m-cheap";
    public const string Strong = "m-strong";
    public const string Router = "router";

    private readonly string _catalogPath;

    private ServerHarness(WebApplication app, LoopbackOpenAIServer upstream, string catalogPath, string ledgerPath)
    {
        App = app;
        Upstream = upstream;
        _catalogPath = catalogPath;
        LedgerPath = ledgerPath;
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
        Http = new HttpClient { BaseAddress = BaseUrl };
    }

    public WebApplication App { get; }

    public LoopbackOpenAIServer Upstream { get; }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    /// <summary>The server's SQLite ledger file (unless the settings point it at PostgreSQL).</summary>
    public string LedgerPath { get; }

    /// <summary>The ledger the server writes.</summary>
    public XRouter.Reliability.Ledger.ILedgerStore Ledger => App.Services.GetRequiredService<XRouter.Reliability.Ledger.ILedgerStore>();

    /// <summary>Starts upstream and server; <paramref name="settings"/> adds or overrides configuration keys.</summary>
    public static async Task<ServerHarness> StartAsync(
        IDictionary<string, string?>? settings = null,
        ILoggerProvider? logs = null,
        Action<IServiceCollection>? services = null)
    {
        var upstream = await LoopbackOpenAIServer.StartAsync();
        upstream.Script(Cheap, new ScriptedReply("cheap answer", 11, 3));
        upstream.Script(Strong, new ScriptedReply("strong answer", 13, 5));
        upstream.Script(Router, RouterScript.CallThenSelect(Cheap));
        string catalogPath = Path.Combine(Path.GetTempPath(), $"xrouter-server-test-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(catalogPath, """
            {"models": [
              {"id": "router", "tier": "budget", "input_per_mtok": 0.04, "output_per_mtok": 0.10},
              {"id": "m-cheap", "tier": "budget", "input_per_mtok": 0.05, "output_per_mtok": 0.40},
              {"id": "m-strong", "tier": "premium", "input_per_mtok": 1.25, "cached_input_per_mtok": 0.125, "output_per_mtok": 10.0}
            ]}
            """);
        string ledgerPath = Path.Combine(Path.GetTempPath(), $"xrouter-server-ledger-{Guid.NewGuid():N}.db");
        var configuration = new Dictionary<string, string?>
        {
            ["XRouterServer:Ledger:SqlitePath"] = ledgerPath,
            ["XRouter:CatalogPath"] = catalogPath,
            ["XRouter:RouterModelId"] = Router,
            ["XRouter:Backbone:Endpoint"] = upstream.BaseUrl.ToString(),
            ["XRouter:Backbone:ApiKey"] = "upstream-key",
            ["XRouter:Backbone:MaxRetries"] = "0",
            ["XRouter:Models:m-cheap:Endpoint"] = upstream.BaseUrl.ToString(),
            ["XRouter:Models:m-cheap:ApiKey"] = "upstream-key",
            ["XRouter:Models:m-cheap:MaxRetries"] = "0",
            ["XRouter:Models:m-strong:Endpoint"] = upstream.BaseUrl.ToString(),
            ["XRouter:Models:m-strong:ApiKey"] = "upstream-key",
            ["XRouter:Models:m-strong:MaxRetries"] = "0",
            ["XRouterServer:Telemetry:Console"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var builder = XRouterServerApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
        }

        services?.Invoke(builder.Services);
        WebApplication app;
        try
        {
            app = XRouterServerApplication.Build(builder);
            await app.StartAsync();
        }
        catch
        {
            await upstream.DisposeAsync();
            File.Delete(catalogPath);
            throw;
        }

        return new ServerHarness(app, upstream, catalogPath, ledgerPath);
    }

    /// <summary>The official OpenAI client pointed at this server.</summary>
    public OpenAIClient OpenAI(string apiKey = "no-key-needed") =>
        new(new System.ClientModel.ApiKeyCredential(apiKey), new OpenAIClientOptions { Endpoint = new Uri(BaseUrl, "v1/") });

    /// <summary>Posts a raw JSON body to the chat completions endpoint.</summary>
    public async Task<HttpResponseMessage> PostAsync(string json, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>The <c>error</c> object of an OpenAI-style error body.</summary>
    public static async Task<JsonObject> ErrorOf(HttpResponseMessage response) =>
        (JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"] as JsonObject)!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Upstream.DisposeAsync();
        File.Delete(_catalogPath);
        foreach (string file in new[] { LedgerPath, LedgerPath + "-wal", LedgerPath + "-shm" })
        {
            File.Delete(file);
        }
    }
}

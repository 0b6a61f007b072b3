using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using XRouter.Server;
using XRouter.Testing;

namespace XRouter.ServeBench;

/// <summary>A URL to load, with the headers and body its server expects.</summary>
internal sealed record LoadTarget(string Name, Uri Url, IReadOnlyList<string> Headers, string Body);

/// <summary>
/// The servers under test: the loopback upstream stub; `xrouter serve` in this process with the stub's models as its
/// pool, requested by a model's id (a fixed single-model route) and as <c>xrouter</c> (routed by the shipped learned
/// policy, the server's default backbone, through SK's function-calling loop); and, when installed, the Portkey
/// gateway proxying to the same stub.
/// </summary>
internal sealed class BenchTargets : IAsyncDisposable
{
    public const string DirectName = "direct to stub";
    public const string RoutedName = "xrouter serve (learned route)";
    public const string Model = "stub-model";
    public const string StreamModel = "stub-stream";

    private readonly LoopbackOpenAIServer _stub;
    private readonly WebApplication _xrouter;
    private readonly Process? _portkey;
    private readonly string _catalogPath;

    private BenchTargets(LoopbackOpenAIServer stub, WebApplication xrouter, Process? portkey, string catalogPath)
    {
        _stub = stub;
        _xrouter = xrouter;
        _portkey = portkey;
        _catalogPath = catalogPath;
        XRouterUrl = new Uri(xrouter.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/v1/");
    }

    public Uri StubUrl => _stub.BaseUrl;

    public Uri XRouterUrl { get; }

    public static Uri PortkeyUrl { get; } = new("http://127.0.0.1:8787/v1/");

    public bool HasPortkey => _portkey is not null;

    public IEnumerable<LoadTarget> LoadTargets
    {
        get
        {
            string body = Body(Model, stream: false);
            yield return new LoadTarget(DirectName, new Uri(StubUrl, "chat/completions"), [], body);
            yield return new LoadTarget("xrouter serve (route to stub)", new Uri(XRouterUrl, "chat/completions"), [], body);
            yield return new LoadTarget(RoutedName, new Uri(XRouterUrl, "chat/completions"), [], Body("xrouter", stream: false));
            if (HasPortkey)
            {
                yield return new LoadTarget("portkey gateway", new Uri(PortkeyUrl, "chat/completions"), PortkeyHeaders, body);
            }
        }
    }

    /// <summary>Streamed targets. Portkey 1.15.2 on Node answers every streamed request here with 500 (TypeError: immutable), so it is not among them.</summary>
    public IReadOnlyList<LoadTarget> StreamTargets =>
    [
        new(DirectName, new Uri(StubUrl, "chat/completions"), [], Body(StreamModel, stream: true)),
        new("xrouter serve (route to stub)", new Uri(XRouterUrl, "chat/completions"), [], Body(StreamModel, stream: true)),
    ];

    private IReadOnlyList<string> PortkeyHeaders => ["x-portkey-provider: openai", $"x-portkey-custom-host: {StubUrl.ToString().TrimEnd('/')}", "Authorization: Bearer stub-key"];

    public static async Task<BenchTargets> StartAsync(BenchSettings settings)
    {
        var stub = await LoopbackOpenAIServer.StartAsync();
        stub.Script(Model, new ScriptedReply("The answer is 42.", 12, 6));
        stub.Script(StreamModel, new ScriptedReply("one two three four five six seven eight nine ten", 12, 10) { ChunkDelay = TimeSpan.FromMilliseconds(5) });

        string catalogPath = Path.Combine(Path.GetTempPath(), $"xrouter-servebench-{Environment.ProcessId}.json");
        await File.WriteAllTextAsync(catalogPath, """
            {"models": [
              {"id": "bench-router", "tier": "budget", "input_per_mtok": 0, "output_per_mtok": 0},
              {"id": "stub-model", "tier": "budget", "input_per_mtok": 0.05, "output_per_mtok": 0.40},
              {"id": "stub-stream", "tier": "budget", "input_per_mtok": 0.05, "output_per_mtok": 0.40}
            ]}
            """);
        var builder = XRouterServerApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["XRouter:CatalogPath"] = catalogPath,
            ["XRouter:RouterModelId"] = "bench-router",
            ["XRouter:Models:stub-model:Endpoint"] = stub.BaseUrl.ToString(),
            ["XRouter:Models:stub-model:ApiKey"] = "stub-key",
            ["XRouter:Models:stub-stream:Endpoint"] = stub.BaseUrl.ToString(),
            ["XRouter:Models:stub-stream:ApiKey"] = "stub-key",
            ["XRouterServer:Telemetry:Console"] = "false",
            // Every served request is committed to the ledger before its reply, as in production.
            ["XRouterServer:Ledger:SqlitePath"] = Path.ChangeExtension(catalogPath, ".ledger.db"),
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var xrouter = XRouterServerApplication.Build(builder);
        await xrouter.StartAsync();
        var portkey = settings.PortkeyDirectory is { } dir ? await StartPortkeyAsync(dir) : null;
        return new BenchTargets(stub, xrouter, portkey, catalogPath);
    }

    public async ValueTask DisposeAsync()
    {
        if (_portkey is not null)
        {
            _portkey.Kill(entireProcessTree: true);
            await _portkey.WaitForExitAsync();
            _portkey.Dispose();
        }

        await _xrouter.StopAsync();
        await _xrouter.DisposeAsync();
        await _stub.DisposeAsync();
        File.Delete(_catalogPath);
        string ledger = Path.ChangeExtension(_catalogPath, ".ledger.db");
        foreach (string file in new[] { ledger, ledger + "-wal", ledger + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static string Body(string model, bool stream) =>
        $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"What is the answer?"}]}""";

    private static async Task<Process> StartPortkeyAsync(string directory)
    {
        string script = Path.Combine(directory, "node_modules", "@portkey-ai", "gateway", "build", "start-server.js");
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"The Portkey gateway is not installed under {directory} (npm install @portkey-ai/gateway@1.15.2 there).", script);
        }

        var process = Process.Start(new ProcessStartInfo("node", [script]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        for (int attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(PortkeyUrl, "/"));
                return process;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("The Portkey gateway did not start listening on 127.0.0.1:8787 within 20 s.");
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using XRouter.Reliability.Ledger;
using XRouter.Testing;

namespace XRouter.LedgerSoak;

/// <summary>The ledger one round runs on: a SQLite file, or a PostgreSQL database.</summary>
/// <param name="SqlitePath">The SQLite file, or null.</param>
/// <param name="PostgresConnectionString">The PostgreSQL connection string, or null.</param>
public sealed record LedgerTarget(string? SqlitePath, string? PostgresConnectionString)
{
    internal Dictionary<string, string> ServerSettings() => SqlitePath is not null
        ? new() { ["XRouterServer:Ledger:SqlitePath"] = SqlitePath }
        : new() { ["XRouterServer:Ledger:PostgresConnectionString"] = PostgresConnectionString! };

    internal string[] CliArguments() => SqlitePath is not null ? ["--sqlite", SqlitePath] : ["--postgres", PostgresConnectionString!];

    internal ILedgerStore Open() => SqlitePath is not null ? new SqliteLedgerStore(SqlitePath) : new PostgresLedgerStore(PostgresConnectionString!);
}

/// <summary>What one kill round found.</summary>
/// <param name="Acknowledged">Responses that reached a client complete before the server was killed.</param>
/// <param name="Lost">Of those, the ones missing from the ledger or stored without all their calls.</param>
/// <param name="Integrity"><c>ok</c>, or what SQLite's integrity check reported; <c>n/a</c> for PostgreSQL.</param>
/// <param name="ReadByCli">The requests <c>xrouter ledger --format json</c> counts on the pool model after the restart.</param>
/// <param name="ServedAfterRestart">True when the restarted server answered a request and recorded it.</param>
public sealed record KillRoundResult(int Acknowledged, int Lost, string Integrity, long ReadByCli, bool ServedAfterRestart);

/// <summary>
/// Starts the real <c>xrouter serve</c> on a ledger, with a loopback router backbone and pool model, drives concurrent
/// HTTP load on it (routed, streamed and direct requests), kills it with SIGKILL, restarts it on the same ledger and
/// checks that every response a client received complete, matched by the response id, has its ledger rows.
/// </summary>
public static class ServerKillRound
{
    private const string Pool = "m-cheap";
    private const string Router = "router";
    private const string KeyName = "soak";
    private const string Key = "sk-soak-key";

    /// <summary>Runs one round on <paramref name="ledger"/>, killing the server <paramref name="loadFor"/> after its first answer.</summary>
    public static async Task<KillRoundResult> RunAsync(LedgerTarget ledger, TimeSpan loadFor, int clients = 16)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        await using var upstream = await LoopbackOpenAIServer.StartAsync();
        upstream.Script(Pool, new ScriptedReply("four", 11, 3) { Delay = TimeSpan.FromMilliseconds(5) });
        upstream.Script(Router, request => request.Messages.Any(m => m.Role == "tool")
            ? new ScriptedReply(string.Empty, 300, 12) { ToolCalls = [new ScriptedToolCall("sel-1", "select_response", """{"model_call_name":"call_m_cheap"}""")] }
            : new ScriptedReply(string.Empty, 250, 20) { ToolCalls = [new ScriptedToolCall("call-1", "call_m_cheap", """{"optimized_system_prompt":"Answer briefly."}""")] });
        string catalog = Path.Combine(Path.GetTempPath(), $"xrouter-soak-catalog-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(catalog, """
            {"models": [
              {"id": "router", "tier": "budget", "input_per_mtok": 0.04, "output_per_mtok": 0.10},
              {"id": "m-cheap", "tier": "budget", "input_per_mtok": 0.05, "output_per_mtok": 0.40}
            ]}
            """);
        try
        {
            var settings = Settings(upstream.BaseUrl, catalog, ledger);
            var acknowledged = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            using (var server = await ServeProcess.StartAsync(settings))
            {
                using var stop = new CancellationTokenSource();
                using var http = Http(server.BaseUrl);
                var load = Enumerable.Range(0, clients).Select(c => LoadAsync(http, c, acknowledged, stop.Token)).ToArray();
                var clock = Stopwatch.StartNew();
                while (acknowledged.IsEmpty && clock.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(10);
                }

                await Task.Delay(loadFor);
                server.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(load);
            }

            // Responses counted before the kill reached their clients whole; each must be on record.
            bool servedAfterRestart;
            using (var restarted = await ServeProcess.StartAsync(settings))
            {
                using var http = Http(restarted.BaseUrl);
                var after = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
                servedAfterRestart = await SendAsync(http, 0, after, CancellationToken.None) is string id
                    && await FindAsync(ledger, id) is { Calls.Count: 3 };
            }

            int lost = 0;
            await using (var store = ledger.Open())
            {
                foreach (var (id, calls) in acknowledged)
                {
                    if (await store.FindAsync(id) is not { } record || record.Calls.Count != calls || record.KeyId != KeyName)
                    {
                        lost++;
                    }
                }
            }

            string integrity = "n/a";
            if (ledger.SqlitePath is not null)
            {
                await using var sqlite = new SqliteLedgerStore(ledger.SqlitePath);
                integrity = await sqlite.CheckIntegrityAsync();
            }

            long readByCli = await CountWithCliAsync(ledger);
            return new KillRoundResult(acknowledged.Count, lost, integrity, readByCli, servedAfterRestart);
        }
        finally
        {
            File.Delete(catalog);
        }
    }

    private static Dictionary<string, string> Settings(Uri upstream, string catalog, LedgerTarget ledger)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["XRouter:CatalogPath"] = catalog,
            ["XRouter:RouterModelId"] = Router,
            ["XRouter:Backbone:Endpoint"] = upstream.ToString(),
            ["XRouter:Backbone:MaxRetries"] = "0",
            [$"XRouter:Models:{Pool}:Endpoint"] = upstream.ToString(),
            ["XRouterServer:Telemetry:Console"] = "false",
            [$"XRouterServer:ApiKeys:{KeyName}:Sha256"] = XRouter.Server.Keys.ApiKeyHash.Of(Key),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in ledger.ServerSettings())
        {
            settings[key] = value;
        }

        return settings;
    }

    private static HttpClient Http(Uri baseUrl)
    {
        var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return http;
    }

    private static async Task LoadAsync(HttpClient http, int client, ConcurrentDictionary<string, int> acknowledged, CancellationToken stop)
    {
        for (int n = client; !stop.IsCancellationRequested; n += 7)
        {
            try
            {
                await SendAsync(http, n, acknowledged, stop);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                // The server died under this request: its client never got a whole response.
            }
        }
    }

    /// <summary>Request <paramref name="n"/>: routed, routed and streamed, or straight to the pool model, in turn.</summary>
    private static async Task<string?> SendAsync(HttpClient http, int n, ConcurrentDictionary<string, int> acknowledged, CancellationToken cancellationToken)
    {
        (string model, bool stream, int calls) = (n % 3) switch
        {
            0 => ("xrouter", false, 3),
            1 => ("xrouter", true, 3),
            _ => (Pool, false, 1),
        };
        string body = $$"""{"model": "{{model}}", "stream": {{(stream ? "true" : "false")}}, "messages": [{"role": "user", "content": "What is {{n.ToString(CultureInfo.InvariantCulture)}}+2?"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        string? id = stream ? await ReadStreamAsync(response, cancellationToken) : JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))?["id"]?.GetValue<string>();
        if (id is not null)
        {
            acknowledged[id] = calls;
        }

        return id;
    }

    /// <summary>The stream's id once <c>[DONE]</c> arrived; null for a stream that ended early.</summary>
    private static async Task<string?> ReadStreamAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string? id = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line == "data: [DONE]")
            {
                return id;
            }

            if (line.StartsWith("data: {", StringComparison.Ordinal))
            {
                id ??= JsonNode.Parse(line["data: ".Length..])?["id"]?.GetValue<string>();
            }
        }

        return null;
    }

    private static async Task<LedgerRequest?> FindAsync(LedgerTarget ledger, string id)
    {
        await using var store = ledger.Open();
        return await store.FindAsync(id);
    }

    private static async Task<long> CountWithCliAsync(LedgerTarget ledger)
    {
        string json = await ServeProcess.RunAsync(["ledger", .. ledger.CliArguments(), "--format", "json"]);
        return JsonNode.Parse(json)!.AsArray().Where(row => row!["model"]!.GetValue<string>() == Pool).Sum(row => row!["requests"]!.GetValue<long>());
    }
}

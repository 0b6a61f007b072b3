using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace XRouter.Testing;

/// <summary>What the loopback server answers for one request to one model.</summary>
/// <param name="Content">The assistant text.</param>
/// <param name="PromptTokens">Reported <c>usage.prompt_tokens</c>.</param>
/// <param name="CompletionTokens">Reported <c>usage.completion_tokens</c>.</param>
public sealed record ScriptedReply(string Content, int PromptTokens, int CompletionTokens)
{
    /// <summary>How long the server waits before answering.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>An HTTP status other than 200 makes the server answer with an OpenAI-style error body.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>When true the response carries no <c>usage</c> object.</summary>
    public bool OmitUsage { get; init; }

    /// <summary>When streaming, how long the server waits between content chunks (after the first).</summary>
    public TimeSpan ChunkDelay { get; init; }

    /// <summary>Tool calls the reply makes (finish reason <c>tool_calls</c>); <see cref="Content"/> may then be empty.</summary>
    public IReadOnlyList<ScriptedToolCall> ToolCalls { get; init; } = [];
}

/// <summary>One tool call of a scripted reply.</summary>
/// <param name="Id">The call id.</param>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">The arguments, a JSON object as a string.</param>
public sealed record ScriptedToolCall(string Id, string Name, string Arguments);

/// <summary>One request the server received, with server-side timestamps.</summary>
/// <param name="Model">The <c>model</c> field of the request.</param>
/// <param name="Messages">The request's messages as (role, content) pairs.</param>
/// <param name="Temperature">The request's temperature, when present.</param>
/// <param name="Stream">Whether the client asked for a stream.</param>
/// <param name="StartedTicks">Server <see cref="Stopwatch"/> ticks when the request arrived.</param>
/// <param name="FinishedTicks">Server <see cref="Stopwatch"/> ticks when the response was complete (its last bytes about to
/// leave); 0 while the request is still being answered.</param>
public sealed record ReceivedRequest(
    string Model,
    IReadOnlyList<(string Role, string Content)> Messages,
    double? Temperature,
    bool Stream,
    long StartedTicks,
    long FinishedTicks)
{
    /// <summary>The whole request body, for fields the other properties do not carry (<c>max_tokens</c>, <c>tools</c>, <c>stop</c>).</summary>
    public JsonNode? Body { get; init; }

    /// <summary>The request's output-token cap (<c>max_completion_tokens</c> or <c>max_tokens</c>), when present.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>The names of the function tools the request offered, in order.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>True when this request's handling overlapped the other's in server time.</summary>
    public bool Overlaps(ReceivedRequest other) =>
        StartedTicks < other.FinishedTicks && other.StartedTicks < FinishedTicks;
}

/// <summary>
/// An OpenAI-compatible chat completions server on 127.0.0.1 with a random port, answering from scripts.
/// It is real HTTP through Kestrel, so clients exercise their real transport, serialization and error paths.
/// </summary>
public sealed partial class LoopbackOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<ReceivedRequest, ScriptedReply>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Exchange> _received = new();

    private LoopbackOpenAIServer(WebApplication app) => _app = app;

    /// <summary>The base URL clients use, ending in <c>/v1/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>
    /// Every request received so far, in order of arrival, those still being answered included: a client that has a
    /// reply finds every earlier attempt, however late the server ends a dropped or abandoned one.
    /// </summary>
    public IReadOnlyList<ReceivedRequest> Received => [.. _received.Select(e => e.Request)];

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<LoopbackOpenAIServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackOpenAIServer(app);
        app.MapPost("/v1/chat/completions", server.HandleChatAsync);
        app.MapPost("/v1/embeddings", server.HandleEmbeddingsAsync);
        app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = server._scripts.Keys.Select(k => new { id = k, @object = "model" }) }));
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1/");
        return server;
    }

    /// <summary>Answers every request for <paramref name="model"/> with <paramref name="reply"/>.</summary>
    public void Script(string model, ScriptedReply reply) => _scripts[model] = _ => reply;

    /// <summary>Answers requests for <paramref name="model"/> with a function of the request.</summary>
    public void Script(string model, Func<ReceivedRequest, ScriptedReply> reply) => _scripts[model] = reply;

    /// <summary>The requests received for one model.</summary>
    public IReadOnlyList<ReceivedRequest> ReceivedFor(string model) => [.. Received.Where(r => r.Model == model)];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleChatAsync(HttpContext context)
    {
        long started = Stopwatch.GetTimestamp();
        var body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false)
            ?? throw new InvalidOperationException("empty request body");
        string model = body["model"]!.GetValue<string>();
        bool stream = body["stream"]?.GetValue<bool>() ?? false;
        double? temperature = body["temperature"] is JsonValue t ? t.GetValue<double>() : null;
        var messages = body["messages"]!.AsArray()
            .Select(m => (m!["role"]!.GetValue<string>(), ContentText(m["content"])))
            .ToList();
        var tools = body["tools"] is JsonArray offered
            ? offered.Select(t => t?["function"]?["name"]?.GetValue<string>() ?? string.Empty).ToList()
            : [];
        var probe = new ReceivedRequest(model, messages, temperature, stream, started, 0)
        {
            Body = body,
            MaxTokens = (body["max_completion_tokens"] ?? body["max_tokens"]) is JsonValue cap ? cap.GetValue<int>() : null,
            Tools = tools,
        };

        // Recorded on arrival; finished before the last bytes of its reply leave, so a client that has its reply finds its
        // request complete in Received.
        var exchange = new Exchange(probe);
        _received.Enqueue(exchange);
        try
        {
            await AnswerAsync(context, probe, exchange.Finish).ConfigureAwait(false);
        }
        finally
        {
            exchange.Finish();
        }
    }

    private async Task AnswerAsync(HttpContext context, ReceivedRequest probe, Action finish)
    {
        string model = probe.Model;
        if (!_scripts.TryGetValue(model, out var script))
        {
            finish();
            await WriteErrorAsync(context, 404, $"The model '{model}' does not exist").ConfigureAwait(false);
            return;
        }

        if (NextFault(model) is UpstreamResponder fault)
        {
            await fault(context, probe).ConfigureAwait(false);
            return;
        }

        var reply = script(probe);
        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, context.RequestAborted).ConfigureAwait(false);
        }

        if (reply.StatusCode != 200)
        {
            finish();
            await WriteErrorAsync(context, reply.StatusCode, $"scripted failure {reply.StatusCode}").ConfigureAwait(false);
        }
        else if (probe.Stream)
        {
            await WriteStreamAsync(context, model, reply, finish).ConfigureAwait(false);
        }
        else
        {
            var completion = Completion(model, reply);
            finish();
            await context.Response.WriteAsJsonAsync(completion).ConfigureAwait(false);
        }
    }

    // A request as received, and when its answer was complete.
    private sealed class Exchange(ReceivedRequest request)
    {
        private long _finished;

        public ReceivedRequest Request => request with { FinishedTicks = Interlocked.Read(ref _finished) };

        public void Finish() => Interlocked.CompareExchange(ref _finished, Stopwatch.GetTimestamp(), 0);
    }

    private static string ContentText(JsonNode? content) => content switch
    {
        null => string.Empty,
        JsonValue v => v.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? string.Empty)),
        _ => content.ToJsonString(),
    };

    private static JsonObject Usage(ScriptedReply reply) => new()
    {
        ["prompt_tokens"] = reply.PromptTokens,
        ["completion_tokens"] = reply.CompletionTokens,
        ["total_tokens"] = reply.PromptTokens + reply.CompletionTokens,
    };

    private static JsonObject Completion(string model, ScriptedReply reply)
    {
        var json = CompletionBody(model, Message(reply), reply.ToolCalls.Count > 0 ? "tool_calls" : "stop");
        if (!reply.OmitUsage)
        {
            json["usage"] = Usage(reply);
        }

        return json;
    }

    /// <summary>A <c>chat.completion</c> body with one choice and no usage.</summary>
    internal static JsonObject CompletionBody(string model, JsonObject message, string finishReason) => new()
    {
        ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N"),
        ["object"] = "chat.completion",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finishReason }),
    };

    private static JsonObject Message(ScriptedReply reply)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content };
        if (reply.ToolCalls.Count > 0)
        {
            message["tool_calls"] = ToolCallsJson(reply, withIndex: false);
        }

        return message;
    }

    private static JsonArray ToolCallsJson(ScriptedReply reply, bool withIndex) =>
        [.. reply.ToolCalls.Select((call, i) =>
        {
            var json = new JsonObject
            {
                ["id"] = call.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments },
            };
            if (withIndex)
            {
                json["index"] = i;
            }

            return (JsonNode)json;
        })];

    private static async Task WriteStreamAsync(HttpContext context, string model, ScriptedReply reply, Action beforeDone)
    {
        context.Response.ContentType = "text/event-stream";
        string id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        JsonObject Chunk(JsonObject delta, string? finish) => new()
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };

        async Task SendAsync(JsonNode node)
        {
            await context.Response.WriteAsync("data: " + node.ToJsonString() + "\n\n", Encoding.UTF8).ConfigureAwait(false);
            await context.Response.Body.FlushAsync().ConfigureAwait(false);
        }

        await SendAsync(Chunk(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, null)).ConfigureAwait(false);
        bool first = true;
        foreach (string piece in SplitWords(reply.Content))
        {
            if (!first && reply.ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(reply.ChunkDelay, context.RequestAborted).ConfigureAwait(false);
            }

            first = false;
            await SendAsync(Chunk(new JsonObject { ["content"] = piece }, null)).ConfigureAwait(false);
        }

        if (reply.ToolCalls.Count > 0)
        {
            await SendAsync(Chunk(new JsonObject { ["tool_calls"] = ToolCallsJson(reply, withIndex: true) }, null)).ConfigureAwait(false);
        }

        await SendAsync(Chunk(new JsonObject(), reply.ToolCalls.Count > 0 ? "tool_calls" : "stop")).ConfigureAwait(false);
        if (!reply.OmitUsage)
        {
            await SendAsync(new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = created,
                ["model"] = model,
                ["choices"] = new JsonArray(),
                ["usage"] = Usage(reply),
            }).ConfigureAwait(false);
        }

        beforeDone();
        await context.Response.WriteAsync("data: [DONE]\n\n").ConfigureAwait(false);
    }

    private static IEnumerable<string> SplitWords(string text)
    {
        int start = 0;
        for (int i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == ' ')
            {
                yield return text[start..i];
                start = i;
            }
        }
    }

    internal static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = "scripted_error", ["code"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });
    }
}

using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace XRouter.Testing;

/// <summary>Writes one misbehaving answer of the loopback server, in place of the model's scripted reply.</summary>
/// <param name="context">The HTTP exchange to answer (or break).</param>
/// <param name="request">What the client sent.</param>
public delegate Task UpstreamResponder(HttpContext context, ReceivedRequest request);

/// <summary>Fault modes: the loopback server can answer a model's next requests with scripted failures.</summary>
public sealed partial class LoopbackOpenAIServer
{
    private readonly ConcurrentDictionary<string, FaultSequence> _faults = new(StringComparer.Ordinal);

    /// <summary>
    /// Answers the next requests for <paramref name="model"/> with <paramref name="sequence"/>, one entry per request;
    /// a null entry means the model's scripted reply. After the sequence the scripted reply answers again.
    /// </summary>
    public void ScriptFaults(string model, params UpstreamResponder?[] sequence) => _faults[model] = new FaultSequence(sequence);

    private UpstreamResponder? NextFault(string model) =>
        _faults.TryGetValue(model, out var sequence) ? sequence.Next() : null;

    private sealed class FaultSequence(UpstreamResponder?[] steps)
    {
        private int _next = -1;

        public UpstreamResponder? Next()
        {
            int index = Interlocked.Increment(ref _next);
            return index < steps.Length ? steps[index] : null;
        }
    }
}

/// <summary>The misbehaviours the loopback server can script, each as an <see cref="UpstreamResponder"/>.</summary>
public static class UpstreamFaults
{
    /// <summary>The failures a downstream call can meet, by the name <see cref="Named"/> takes: each must end as a failed call the router can route around.</summary>
    public static IReadOnlyList<string> CallFailures { get; } = ["500", "429", "reset", "malformed", "slow", "no-usage"];

    /// <summary>One of <see cref="CallFailures"/>: HTTP 500, 429 asking for a minute, a reset connection, broken JSON, a 10 s stall, a reply without usage.</summary>
    public static UpstreamResponder Named(string failure) => failure switch
    {
        "500" => Status(500),
        "429" => RateLimited(retryAfterSeconds: 60),
        "reset" => ResetConnection(),
        "malformed" => MalformedJson(),
        "slow" => Slow(TimeSpan.FromSeconds(10)),
        "no-usage" => NoUsage("4"),
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, "unknown failure"),
    };

    /// <summary>HTTP 429 with <c>Retry-After</c> in whole seconds.</summary>
    public static UpstreamResponder RateLimited(int retryAfterSeconds) => (context, _) =>
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return LoopbackOpenAIServer.WriteErrorAsync(context, 429, "rate limited");
    };

    /// <summary>An HTTP error status with an OpenAI-style error body.</summary>
    public static UpstreamResponder Status(int status) => (context, _) => LoopbackOpenAIServer.WriteErrorAsync(context, status, $"scripted failure {status}");

    /// <summary>Waits <paramref name="delay"/> (or until the client gives up), then answers <paramref name="content"/>.</summary>
    public static UpstreamResponder Slow(TimeSpan delay, string content = "late") => async (context, request) =>
    {
        try
        {
            await Task.Delay(delay, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await context.Response.WriteAsJsonAsync(Completion(request.Model, content, new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 2, ["total_tokens"] = 12 })).ConfigureAwait(false);
    };

    /// <summary>Drops the TCP connection without an HTTP response.</summary>
    public static UpstreamResponder ResetConnection() => (context, _) =>
    {
        context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        context.Abort();
        return Task.CompletedTask;
    };

    /// <summary>HTTP 200 with a body that is not JSON.</summary>
    public static UpstreamResponder MalformedJson() => (context, _) =>
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("{\"id\": \"chatcmpl-x\", \"choices\": [ {\"message\": ");
    };

    /// <summary>A stream that sends the first words of <paramref name="content"/>, then drops the connection before finishing.</summary>
    public static UpstreamResponder CutStream(string content) => async (context, request) =>
    {
        context.Response.ContentType = "text/event-stream";
        string half = content[..(content.Length / 2)];
        string chunk = new JsonObject
        {
            ["id"] = "chatcmpl-cut",
            ["object"] = "chat.completion.chunk",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = request.Model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["role"] = "assistant", ["content"] = half }, ["finish_reason"] = null }),
        }.ToJsonString();
        await context.Response.WriteAsync("data: " + chunk + "\n\n", Encoding.UTF8).ConfigureAwait(false);
        await context.Response.Body.FlushAsync().ConfigureAwait(false);
        context.Abort();
    };

    /// <summary>A complete reply that carries no <c>usage</c> object.</summary>
    public static UpstreamResponder NoUsage(string content) => (context, request) =>
    {
        var completion = Completion(request.Model, content, new JsonObject());
        completion.Remove("usage");
        return context.Response.WriteAsJsonAsync(completion);
    };

    /// <summary>A completion whose message is a refusal (OpenAI's <c>refusal</c> field, no content).</summary>
    public static UpstreamResponder Refusal(string refusal) => (context, request) =>
    {
        var completion = Completion(request.Model, null, new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 });
        completion["choices"]![0]!["message"]!["refusal"] = refusal;
        return context.Response.WriteAsJsonAsync(completion);
    };

    /// <summary>A completion cut off by the provider's content filter.</summary>
    public static UpstreamResponder ContentFiltered(string partial) => (context, request) =>
    {
        var completion = Completion(request.Model, partial, new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 });
        completion["choices"]![0]!["finish_reason"] = "content_filter";
        return context.Response.WriteAsJsonAsync(completion);
    };

    /// <summary>A complete reply whose usage details cached input and reasoning tokens, as OpenAI reports them.</summary>
    public static UpstreamResponder DetailedUsage(string content, int promptTokens, int cachedTokens, int completionTokens, int reasoningTokens) => (context, request) =>
        context.Response.WriteAsJsonAsync(Completion(request.Model, content, new JsonObject
        {
            ["prompt_tokens"] = promptTokens,
            ["completion_tokens"] = completionTokens,
            ["total_tokens"] = promptTokens + completionTokens,
            ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = cachedTokens },
            ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = reasoningTokens },
        }));

    private static JsonObject Completion(string model, string? content, JsonObject usage)
    {
        var completion = LoopbackOpenAIServer.CompletionBody(model, new JsonObject { ["role"] = "assistant", ["content"] = content }, "stop");
        completion["usage"] = usage;
        return completion;
    }
}

using System.Buffers;
using System.ClientModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using XRouter.SemanticKernel;
using XRouter.SemanticKernel.Ledger;
using XRouter.Server.Hosting;
using XRouter.Server.Keys;
using XRouter.Server.Ledger;
using XRouter.Server.Routing;

namespace XRouter.Server.Api;

/// <summary><c>POST /v1/chat/completions</c>: authenticate, read, route, write (JSON or server-sent events).</summary>
internal sealed partial class ChatCompletionsEndpoint(
    RouteTable routes,
    ApiKeyAuthenticator keys,
    KeyBudgetCheck budgets,
    ServedRequestLedger ledger,
    ServerRequestLog log)
{
    public const string CostHeader = "x-xrouter-cost-usd";
    public const string OverheadHeader = "x-xrouter-overhead-ms";

    /// <summary>The request's id on every answer, errors included: the reply's <c>id</c> and the request's ledger id.</summary>
    public const string RequestIdHeader = "x-request-id";

    /// <summary>The ledger mode of a request that failed after some of its calls were billed.</summary>
    public const string FailedMode = "failed";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task HandleAsync(HttpContext context)
    {
        long started = Stopwatch.GetTimestamp();
        var received = DateTimeOffset.UtcNow;
        string id = CompletionId();
        context.Response.Headers[RequestIdHeader] = id;
        var cancellationToken = context.RequestAborted;
        ChatRequest? request = null;
        ApiKey? key = null;
        try
        {
            key = keys.Authenticate(context.Request);
            if (context.Request.ContentLength > context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize)
            {
                throw ChatRequestReader.TooLarge(context.Request);
            }

            request = await ChatRequestReader.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
            if (key is not null && !key.MayUse(request.Model))
            {
                throw new ApiException(StatusCodes.Status403Forbidden, "permission_error", $"This API key may not use model '{request.Model}'.", "model", "model_not_allowed");
            }

            var route = routes.Find(request.Model);
            await budgets.EnsureAvailableAsync(key?.BudgetAccount, cancellationToken).ConfigureAwait(false);
            var served = new Served(id, received, request, key);
            if (request.Stream)
            {
                await StreamAsync(context, route, served).ConfigureAwait(false);
            }
            else
            {
                await CompleteAsync(context, route, served, started).ConfigureAwait(false);
            }
        }
        catch (XRouterException e) when (!context.Response.HasStarted && e.Calls.Any(c => c.Status == CallStatus.Refused))
        {
            await RecordFailedAsync(id, received, request, key, e).ConfigureAwait(false);
            var error = await budgets.RefusalAsync(key?.BudgetAccount, cancellationToken).ConfigureAwait(false);
            log.Refused(key?.Name, request?.Model, error.Status, error.Code ?? error.Type, null);
            await OpenAIError.WriteAsync(context.Response, error).ConfigureAwait(false);
        }
        catch (Exception e) when (Classify(e) is ApiException error && !context.Response.HasStarted)
        {
            await RecordFailedAsync(id, received, request, key, e).ConfigureAwait(false);
            log.Refused(key?.Name, request?.Model, error.Status, error.Code ?? error.Type, e as ApiException is null ? e : null);
            await OpenAIError.WriteAsync(context.Response, error).ConfigureAwait(false);
        }
    }

    private async Task CompleteAsync(HttpContext context, IChatRoute route, Served served, long started)
    {
        var (id, _, request, key) = served;
        var routed = await route.CompleteAsync(request, key?.BudgetAccount, context.RequestAborted).ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            CompletionWriter.WriteCompletion(writer, id, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), request.Model, routed.Response, routed.Report);
        }

        await ledger.RecordAsync(id, key?.Name, request, routed.Report, routed.Response.Text, served.Received).ConfigureAwait(false);

        var response = context.Response;
        response.ContentType = "application/json";
        response.Headers[CostHeader] = CompletionWriter.Cost(routed.Report);
        response.Headers[OverheadHeader] = Overhead(started, routed.Report);
        response.ContentLength = buffer.WrittenCount;
        log.Served(key?.Name, request, routed.Report, routed.Response.Text);
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    // Headers leave before the first token, so a stream's cost travels in its last chunk, not in a header.
    private async Task StreamAsync(HttpContext context, IChatRoute route, Served served)
    {
        var (id, _, request, key) = served;
        var response = context.Response;
        var stream = new SseWriter(response, id, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), request.Model, WriterOptions);
        RouteReport? report = null;
        var text = new System.Text.StringBuilder();
        bool toolCalls = false;
        ChatFinishReason? finish = null;
        await using (var updates = route.StreamAsync(request, key?.BudgetAccount, context.RequestAborted).GetAsyncEnumerator(context.RequestAborted))
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception e) when (response.HasStarted && Classify(e) is ApiException error)
                {
                    await RecordFailedAsync(id, served.Received, request, key, e).ConfigureAwait(false);
                    // Headers are gone; the error travels as the stream's last event, as OpenAI sends it.
                    log.Refused(key?.Name, request.Model, error.Status, error.Code ?? error.Type, e as ApiException is null ? e : null);
                    await stream.WriteErrorAsync(error).ConfigureAwait(false);
                    return;
                }

                if (updates.Current.Report is { } last)
                {
                    report = last;
                    continue;
                }

                var update = updates.Current.Update!;
                finish ??= update.FinishReason;

                foreach (var content in update.Contents)
                {
                    switch (content)
                    {
                        case TextContent { Text.Length: > 0 } piece:
                            text.Append(piece.Text);
                            await stream.WriteTextAsync(piece.Text).ConfigureAwait(false);
                            break;
                        case FunctionCallContent call:
                            await stream.WriteToolCallAsync(call).ConfigureAwait(false);
                            toolCalls = true;
                            break;
                    }
                }
            }
        }

        try
        {
            await ledger.RecordAsync(id, key?.Name, request, report!, text.ToString(), served.Received).ConfigureAwait(false);
        }
        catch (Exception e) when (Classify(e) is ApiException error)
        {
            // Unrecorded, the reply is not passed off as complete: the stream ends in an error instead of its last chunk.
            log.Refused(key?.Name, request.Model, error.Status, error.Code ?? error.Type, e);
            await stream.WriteErrorAsync(error).ConfigureAwait(false);
            return;
        }

        log.Served(key?.Name, request, report!, text.ToString());
        await stream.WriteEndAsync(CompletionWriter.FinishReason(finish, toolCalls), report!, request.IncludeUsage).ConfigureAwait(false);
    }

    /// <summary>A failed request's calls were billed too (router turns, failed calls' tokens), so they go on record.</summary>
    private Task RecordFailedAsync(string id, DateTimeOffset received, ChatRequest? request, ApiKey? key, Exception e) =>
        request is not null && e is XRouterException { Calls.Count: > 0 } failed
            ? ledger.RecordAsync(id, key?.Name, request, new RouteReport(FailedMode, null, 0, false, [.. failed.Calls.Select(c => RouteReport.Call(c.ToMetadata()))]), string.Empty, received)
            : Task.CompletedTask;

    private static string Overhead(long started, RouteReport report) =>
        Math.Max(0, Stopwatch.GetElapsedTime(started).TotalMilliseconds - report.ModelCallMs).ToString("0.###", CultureInfo.InvariantCulture);

    private static string CompletionId() => "chatcmpl-" + Guid.NewGuid().ToString("N");

    /// <summary>The client-facing error for a failure, or null for one that is not the client's to see (cancellation).</summary>
    private static ApiException? Classify(Exception e) => e switch
    {
        ApiException api => api,
        OperationCanceledException => null,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ApiException(StatusCodes.Status413PayloadTooLarge, "invalid_request_error", "The request body is larger than the server's limit.", code: "request_too_large"),
        ArgumentException argument => ApiException.InvalidRequest(string.Empty, argument.Message),
        ClientResultException http => new ApiException(StatusCodes.Status502BadGateway, "upstream_error", $"The model's endpoint answered HTTP {http.Status}: {FirstLine(http.Message)}"),
        HttpRequestException http => new ApiException(StatusCodes.Status502BadGateway, "upstream_error", $"The model's endpoint could not be reached: {http.Message}"),
        XRouterException routing => new ApiException(StatusCodes.Status502BadGateway, "routing_error", routing.Message),
        _ => new ApiException(StatusCodes.Status500InternalServerError, "server_error", "The server failed to answer; see its log."),
    };

    private static string FirstLine(string message)
    {
        int newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).Trim();
    }

    /// <summary>One request being served: its response id (also its ledger id), when it arrived, what it asked and who asked.</summary>
    private sealed record Served(string Id, DateTimeOffset Received, ChatRequest Request, ApiKey? Key);
}

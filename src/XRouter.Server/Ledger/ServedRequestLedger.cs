using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using XRouter.Reliability.Ledger;
using XRouter.SemanticKernel.Ledger;
using XRouter.Server.Api;
using XRouter.Server.Hosting;
using XRouter.Server.Routing;

namespace XRouter.Server.Ledger;

/// <summary>
/// Commits a served request, under its response id and its key's name (never the key), with all its calls to the
/// durable ledger. The endpoint awaits it before the reply (or a stream's last chunk) leaves, so a reply a client
/// received is always on record; the commit is not cancelled when the client goes away, since the calls were billed.
/// Concurrent requests share commits (<see cref="LedgerGroupCommitter"/>), so the ledger's sync to disk is not a queue.
/// </summary>
internal sealed class ServedRequestLedger(LedgerGroupCommitter ledger, IOptions<XRouterServerOptions> options)
{
    private readonly bool _recordPrompts = options.Value.Ledger.RecordPrompts;

    public Task RecordAsync(string requestId, string? keyName, ChatRequest request, RouteReport report, string reply, DateTimeOffset started) =>
        ledger.AppendAsync(
            new LedgerRequest
            {
                RequestId = requestId,
                KeyId = keyName ?? string.Empty,
                Timestamp = started,
                Mode = report.Mode,
                Query = _recordPrompts ? request.Messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text : null,
                Turns = report.Turns,
                Calls = [.. report.Calls.Select(c => Call(c, _recordPrompts && ReplyIsFrom(report, c) ? reply : null))],
            });

    // The reply is the model's own words when the router selected it or the request went straight to it.
    private static bool ReplyIsFrom(RouteReport report, CallSummary call) =>
        call.Kind == "downstream" && call.Status == "succeeded" && call.Model == report.SelectedModel;

    private static LedgerCall Call(CallSummary call, string? response) => new()
    {
        Model = call.Model,
        Kind = Enum.Parse<CallKind>(call.Kind, ignoreCase: true),
        Status = Enum.Parse<CallStatus>(call.Status, ignoreCase: true),
        InputTokens = call.InputTokens,
        CachedInputTokens = call.CachedInputTokens,
        OutputTokens = call.OutputTokens,
        ReasoningTokens = call.ReasoningTokens,
        CostUsd = call.CostUsd,
        SavedUsd = call.SavedUsd,
        CacheHit = call.CacheHit,
        UsageEstimated = call.UsageEstimated,
        LatencyMs = call.LatencyMs,
        Error = call.Error,
        Response = response,
    };
}

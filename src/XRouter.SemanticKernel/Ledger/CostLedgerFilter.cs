using System.ClientModel;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using XRouter.Policy.Catalog;
using XRouter.Policy.Replay;
using XRouter.Policy.Routing;
using XRouter.SemanticKernel.Budget;
using XRouter.SemanticKernel.Orchestration;
using XRouter.SemanticKernel.Pool;
using XRouter.SemanticKernel.Telemetry;

namespace XRouter.SemanticKernel.Ledger;

/// <summary>
/// Records every downstream model call of a routed request: tokens from the provider's usage, cost from the
/// catalog, latency and status. A failed call is recorded too, and the router gets a tool result saying why
/// instead of the loop failing.
/// </summary>
internal sealed partial class CostLedgerFilter(ModelPool pool, bool estimateMissingUsage, XRouterInstruments instruments, ILogger logger) : IAutoFunctionInvocationFilter
{
    /// <summary>The <see cref="FunctionResult.Metadata"/> key that carries a call's cost to outer filters.</summary>
    public const string CostMetadataKey = "xrouter.cost_usd";

    public Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next) =>
        ModelPool.Owns(context.Function) && pool.TryGetModel(context.Function.Name, out var card) ? RecordAsync(context, next, card) : next(context);

    private async Task RecordAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next, ModelCard card)
    {
        var request = RoutingRequest.Require(context.Kernel, context.Function.Name);
        string provider = pool.ProviderOf(card.Id);
        using var activity = XRouterInstruments.StartChat(card.Id, provider);
        long started = Stopwatch.GetTimestamp();
        ChatResponse response;
        try
        {
            await next(context).ConfigureAwait(false);
            response = context.Result.GetValue<ChatResponse>()
                ?? throw new XRouterException($"{context.Function.Name} returned no response.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            string reason = Describe(e);
            Fail(context, request, card, started, reason, activity, provider);
            LogCallFailed(logger, card.Id, reason);
            return;
        }

        string text = response.Text;
        bool estimated = false;
        TokenUsage usage;
        if (response.Usage is { InputTokenCount: long input, OutputTokenCount: long output } reported)
        {
            usage = new TokenUsage(input, output, Math.Min(reported.CachedInputTokenCount ?? 0, input));
        }
        else if (estimateMissingUsage)
        {
            usage = UsageEstimate.From([SystemPromptOf(context), request.UserQuery], text);
            estimated = true;
        }
        else
        {
            Fail(context, request, card, started, "the reply carried no token usage, so its cost is unknown (set XRouter:EstimateMissingUsage to estimate it)", activity, provider);
            LogCallFailed(logger, card.Id, "no usage");
            return;
        }

        // A replayed call reports what the recorded call cost; that is what it cost, whatever today's prices.
        // Every other call is priced from its usage at the catalog's prices.
        estimated |= response.AdditionalProperties?.TryGetValue(ReplayProperties.UsageEstimated, out bool flagged) == true && flagged;
        double cost = response.AdditionalProperties?.TryGetValue(ReplayProperties.CostUsd, out double recordedCost) == true
            ? recordedCost
            : card.CostOf(usage);
        var properties = response.AdditionalProperties;
        var record = new CallRecord
        {
            Model = card.Id,
            Kind = CallKind.Downstream,
            InputTokens = usage.InputTokens,
            OutputTokens = usage.OutputTokens,
            CachedInputTokens = usage.CachedInputTokens,
            ReasoningTokens = Math.Clamp(response.Usage?.ReasoningTokenCount ?? 0, 0, usage.OutputTokens),
            CacheHit = properties?.TryGetValue(ResponseCacheProperties.Hit, out bool hit) == true && hit,
            SavedUsd = properties?.TryGetValue(ResponseCacheProperties.SavedUsd, out double saved) == true ? saved : 0,
            CostUsd = cost,
            LatencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            Status = CallStatus.Succeeded,
            UsageEstimated = estimated,
        };
        if (BudgetOf(context) is { } budget)
        {
            record = budget.AnnotateRecord(record);
        }

        request.Ledger.Record(record);
        request.AddReply(context.Function.Name, new ModelReply(card.Id, text));
        instruments.RecordCall(activity, record, provider, response.ModelId);
        context.Result = new FunctionResult(context.Function, text, metadata: new Dictionary<string, object?> { [CostMetadataKey] = cost });
    }

    private static CallBudget? BudgetOf(AutoFunctionInvocationContext context) =>
        context.Arguments?.TryGetValue(CallBudget.ArgumentKey, out object? value) == true ? value as CallBudget : null;

    internal static string SystemPromptOf(AutoFunctionInvocationContext context) =>
        context.Arguments?.TryGetValue(ModelToolNames.SystemPromptArgument, out object? value) == true ? value?.ToString() ?? string.Empty : string.Empty;

    private void Fail(AutoFunctionInvocationContext context, RoutingRequest request, ModelCard card, long started, string reason, Activity? activity, string provider)
    {
        var record = new CallRecord
        {
            Model = card.Id,
            Kind = CallKind.Downstream,
            LatencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            Status = CallStatus.Failed,
            Error = reason,
        };
        request.Ledger.Record(record);
        instruments.RecordCall(activity, record, provider, responseModel: null);
        context.Result = new FunctionResult(
            context.Function,
            $"Error: {context.Function.Name} failed: {reason}. Call another model, select an earlier reply, or answer yourself.",
            metadata: new Dictionary<string, object?> { [CostMetadataKey] = 0.0 });
    }

    private static string Describe(Exception e) => e switch
    {
        ClientResultException { Status: > 0 } http => $"HTTP {http.Status} from the model's endpoint ({FirstLine(http.Message)})",
        OperationCanceledException or TimeoutException => "the call timed out",
        HttpRequestException http => $"the endpoint could not be reached ({http.Message})",
        _ => FirstLine(e.Message),
    };

    private static string FirstLine(string message)
    {
        int newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).Trim();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Downstream call to {Model} failed: {Reason}")]
    private static partial void LogCallFailed(ILogger logger, string model, string reason);
}

using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using XRouter.Policy.Catalog;
using XRouter.Policy.Replay;
using XRouter.SemanticKernel.Budget;
using XRouter.SemanticKernel.Ledger;
using XRouter.SemanticKernel.Telemetry;

namespace XRouter.SemanticKernel.Orchestration;

/// <summary>
/// Holds every generation of the router backbone to the request's budget and prices it: before a turn it reserves
/// the turn's worst case (lowering the turn's output cap to what the budget affords), after it records the turn's
/// cost from its own usage and settles the reservation to it. A turn the budget cannot afford at all is not run:
/// the request ends with its last model reply, or fails with its ledger.
/// </summary>
internal sealed class RouterLedgerChatClient(
    IChatClient innerClient, ModelCard routerModel, int maxOutputTokens, bool estimateMissingUsage, XRouterInstruments instruments) : DelegatingChatClient(innerClient)
{
    private readonly string _provider = ProviderOf(innerClient);

    /// <summary>The provider name of a client for telemetry, from its metadata; in-process backbones (a policy, a local model) have none.</summary>
    internal static string ProviderOf(IChatClient client) =>
        client.GetService<ChatClientMetadata>()?.ProviderName ?? "xrouter";

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = RoutingRequest.From(options);
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var budget = await ReserveAsync(request, list, options, cancellationToken).ConfigureAwait(false);
        if (!budget.IsGranted)
        {
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, EndForBudget(request!, budget)));
        }

        using var activity = XRouterInstruments.StartChat(routerModel.Id, _provider);
        long started = Stopwatch.GetTimestamp();
        double cost = 0;
        try
        {
            var response = await base.GetResponseAsync(list, Capped(options, budget), cancellationToken).ConfigureAwait(false);
            cost = Record(request, budget, list, response.Usage, response.AdditionalProperties, response.Text, response.ModelId, started, activity);
            return response;
        }
        finally
        {
            await SettleAsync(request, budget, cost).ConfigureAwait(false);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = RoutingRequest.From(options);
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var budget = await ReserveAsync(request, list, options, cancellationToken).ConfigureAwait(false);
        if (!budget.IsGranted)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, EndForBudget(request!, budget));
            yield break;
        }

        using var activity = XRouterInstruments.StartChat(routerModel.Id, _provider);
        long started = Stopwatch.GetTimestamp();
        double cost = 0;
        try
        {
            UsageDetails? usage = null;
            AdditionalPropertiesDictionary? properties = null;
            string? responseModel = null;
            var text = new System.Text.StringBuilder();
            await foreach (var update in base.GetStreamingResponseAsync(list, Capped(options, budget), cancellationToken).ConfigureAwait(false))
            {
                foreach (var content in update.Contents)
                {
                    if (content is UsageContent u)
                    {
                        (usage ??= new UsageDetails()).Add(u.Details);
                    }
                }

                properties = update.AdditionalProperties ?? properties;
                text.Append(update.Text);
                responseModel ??= update.ModelId;
                yield return update;
            }

            cost = Record(request, budget, list, usage, properties, text.ToString(), responseModel, started, activity);
        }
        finally
        {
            await SettleAsync(request, budget, cost).ConfigureAwait(false);
        }
    }

    private ValueTask<CallBudget> ReserveAsync(RoutingRequest? request, IList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        int cap = Math.Min(options?.MaxOutputTokens ?? maxOutputTokens, maxOutputTokens);
        return request is null || !request.Budget.IsLimited
            ? ValueTask.FromResult(CallBudget.Unlimited(cap))
            : request.Budget.ReserveAsync(routerModel, TokenBounds.Router(messages, options?.Tools), cap, cancellationToken);
    }

    // The cap holds with or without a budget: RouterMaxOutputTokens, a request's smaller max_tokens, or what the budget affords.
    private static ChatOptions? Capped(ChatOptions? options, CallBudget budget)
    {
        if (options?.MaxOutputTokens == budget.MaxOutputTokens)
        {
            return options;
        }

        var capped = options?.Clone() ?? new ChatOptions();
        capped.MaxOutputTokens = budget.MaxOutputTokens;
        return capped;
    }

    private string EndForBudget(RoutingRequest request, CallBudget budget)
    {
        request.Ledger.Record(new CallRecord { Model = routerModel.Id, Kind = CallKind.Router, Status = CallStatus.Refused, Error = budget.Refusal });
        request.BudgetExhausted = true;
        return request.EndWithLastReply($"The request's budget cannot afford another router turn: {budget.Refusal}");
    }

    private static async ValueTask SettleAsync(RoutingRequest? request, CallBudget budget, double cost)
    {
        if (request is not null)
        {
            await request.Budget.SettleAsync(budget, cost).ConfigureAwait(false);
        }
    }

    private double Record(
        RoutingRequest? request,
        CallBudget budget,
        IList<ChatMessage> messages,
        UsageDetails? usage,
        AdditionalPropertiesDictionary? properties,
        string output,
        string? responseModel,
        long started,
        Activity? activity)
    {
        if (request is null)
        {
            return 0;
        }

        TokenUsage tokens;
        bool estimated = false;
        if (usage is { InputTokenCount: long input, OutputTokenCount: long outputTokens })
        {
            tokens = new TokenUsage(input, outputTokens, Math.Min(usage.CachedInputTokenCount ?? 0, input));
        }
        else if (estimateMissingUsage)
        {
            tokens = UsageEstimate.From(messages.Select(m => m.Text), output);
            estimated = true;
        }
        else
        {
            throw new XRouterException(
                $"The router backbone ({routerModel.Id}) returned no token usage, so its cost is unknown; use a backbone that reports usage or set XRouter:EstimateMissingUsage.")
            {
                Calls = request.Ledger.Calls,
            };
        }

        // A replayed generation (a recorded answer of the router model) reports what it cost, as replayed model calls do.
        estimated |= properties?.TryGetValue(ReplayProperties.UsageEstimated, out bool flagged) == true && flagged;
        var record = budget.AnnotateRecord(new CallRecord
        {
            Model = routerModel.Id,
            Kind = CallKind.Router,
            InputTokens = tokens.InputTokens,
            OutputTokens = tokens.OutputTokens,
            CostUsd = properties?.TryGetValue(ReplayProperties.CostUsd, out double recorded) == true ? recorded : routerModel.CostOf(tokens),
            LatencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            Status = CallStatus.Succeeded,
            UsageEstimated = estimated,
        });
        request.Ledger.Record(record);
        instruments.RecordCall(activity, record, _provider, responseModel);
        return record.CostUsd;
    }
}

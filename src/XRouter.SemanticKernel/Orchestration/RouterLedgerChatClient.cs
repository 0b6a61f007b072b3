using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using XRouter.Policy.Catalog;
using XRouter.SemanticKernel.Ledger;
using XRouter.SemanticKernel.Telemetry;

namespace XRouter.SemanticKernel.Orchestration;

/// <summary>
/// Prices every generation of the router backbone from its own usage, one record per generation, and charges
/// it to the request's budget.
/// </summary>
internal sealed class RouterLedgerChatClient(IChatClient innerClient, ModelCard routerModel, bool estimateMissingUsage) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        long started = Stopwatch.GetTimestamp();
        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        Record(RoutingRequest.From(options), list, response.Usage, response.Text, started);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        long started = Stopwatch.GetTimestamp();
        UsageDetails? usage = null;
        var text = new System.Text.StringBuilder();
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            foreach (var content in update.Contents)
            {
                if (content is UsageContent u)
                {
                    (usage ??= new UsageDetails()).Add(u.Details);
                }
            }

            text.Append(update.Text);
            yield return update;
        }

        Record(RoutingRequest.From(options), list, usage, text.ToString(), started);
    }

    private void Record(RoutingRequest? request, IList<ChatMessage> messages, UsageDetails? usage, string output, long started)
    {
        if (request is null)
        {
            return;
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
                $"The router backbone ({routerModel.Id}) returned no token usage, so its cost is unknown; use a backbone that reports usage or set XRouter:EstimateMissingUsage.");
        }

        var record = new CallRecord
        {
            Model = routerModel.Id,
            Kind = CallKind.Router,
            InputTokens = tokens.InputTokens,
            OutputTokens = tokens.OutputTokens,
            CostUsd = routerModel.CostOf(tokens),
            LatencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            Status = CallStatus.Succeeded,
            UsageEstimated = estimated,
        };
        request.Ledger.Record(record);
        request.Budget.Charge(record.CostUsd);
        XRouterTelemetry.RecordCall(null, record);
    }
}

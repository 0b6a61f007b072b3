using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using XRouter.Policy.Catalog;
using XRouter.Policy.Replay;
using XRouter.SemanticKernel.Budget;
using XRouter.SemanticKernel.Ledger;
using XRouter.Server.Api;
using XRouter.Server.Keys;

namespace XRouter.Server.Routing;

/// <summary>
/// A pool model's id as <c>model</c>: the request goes straight to that model's client with the client's options and
/// tools unchanged, and is still metered (tokens from the reply's usage at catalog prices) and budgeted (the call's
/// worst case is reserved on the key's account and on <c>max_cost_usd</c> before it runs).
/// </summary>
internal sealed class DirectRoute(ModelCard card, IChatClient client, int defaultMaxOutputTokens, IBudgetStore budgets, BudgetPeriods periods) : IChatRoute
{
    // Role markers and separators per message; a byte-level BPE tokenizer emits at most one token per UTF-8 byte.
    private const int FramingTokensPerMessage = 8;

    public async Task<RoutedResponse> CompleteAsync(ChatRequest request, string? budgetAccount, CancellationToken cancellationToken)
    {
        var (options, reservation) = await PrepareAsync(request, budgetAccount, cancellationToken).ConfigureAwait(false);
        long started = Stopwatch.GetTimestamp();
        ChatResponse response;
        try
        {
            response = await client.GetResponseAsync(request.Messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ReleaseAsync(reservation).ConfigureAwait(false);
            throw;
        }

        var report = await SettleAsync(reservation, response.Usage, response.AdditionalProperties, Stopwatch.GetElapsedTime(started)).ConfigureAwait(false);
        return new RoutedResponse(response, report);
    }

    public async IAsyncEnumerable<RoutedUpdate> StreamAsync(ChatRequest request, string? budgetAccount, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (options, reservation) = await PrepareAsync(request, budgetAccount, cancellationToken).ConfigureAwait(false);
        long started = Stopwatch.GetTimestamp();
        UsageDetails? usage = null;
        AdditionalPropertiesDictionary? properties = null;
        bool settled = false;
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(request.Messages, options, cancellationToken).ConfigureAwait(false))
            {
                foreach (var content in update.Contents.OfType<UsageContent>())
                {
                    usage = content.Details;
                }

                properties = update.AdditionalProperties ?? properties;
                yield return new RoutedUpdate(update, null);
            }

            settled = true;
        }
        finally
        {
            if (!settled)
            {
                await ReleaseAsync(reservation).ConfigureAwait(false);
            }
        }

        yield return new RoutedUpdate(null, await SettleAsync(reservation, usage, properties, Stopwatch.GetElapsedTime(started)).ConfigureAwait(false));
    }

    private async Task<(ChatOptions Options, BudgetReservation? Reservation)> PrepareAsync(ChatRequest request, string? budgetAccount, CancellationToken cancellationToken)
    {
        var options = request.Options.Clone();
        options.ModelId = null;
        int maxOutput = Math.Min(request.Options.MaxOutputTokens ?? defaultMaxOutputTokens, card.MaxOutputTokens ?? int.MaxValue);
        long inputBound = request.Messages.Sum(m => Encoding.UTF8.GetByteCount(m.Text) + FramingTokensPerMessage);
        if (request.Knobs?.MaxCostUsd is double limit)
        {
            // Like the router's budget guard: lower the output cap to what the limit affords rather than refuse.
            double inputCost = card.CostOf(new TokenUsage(inputBound, 0));
            long affordable = card.OutputPerMTok > 0 ? (long)Math.Floor((limit - inputCost) * 1_000_000 / card.OutputPerMTok) : maxOutput;
            if (affordable < 1)
            {
                throw ApiException.InvalidRequest("xrouter.max_cost_usd", $"Field 'xrouter.max_cost_usd' is {limit}, less than the {inputCost:0.########} USD the input alone may cost on {card.Id}.");
            }

            maxOutput = (int)Math.Min(maxOutput, affordable);
        }

        options.MaxOutputTokens = maxOutput;
        if (budgetAccount is null)
        {
            return (options, null);
        }

        double worstCase = card.CostOf(new TokenUsage(inputBound, maxOutput));
        var reservation = await budgets.ReserveAsync(budgetAccount, worstCase, worstCase, cancellationToken).ConfigureAwait(false);
        return reservation.IsGranted ? (options, reservation) : throw BudgetExceeded.For(reservation, worstCase, periods);
    }

    private async Task<RouteReport> SettleAsync(BudgetReservation? reservation, UsageDetails? usage, AdditionalPropertiesDictionary? properties, TimeSpan latency)
    {
        if (usage is not { InputTokenCount: long input, OutputTokenCount: long output })
        {
            await ReleaseAsync(reservation).ConfigureAwait(false);
            throw new ApiException(StatusCodes.Status502BadGateway, "upstream_error", $"Model '{card.Id}' replied without token usage, so its cost is unknown.");
        }

        // A replayed reply reports what the recorded call cost, as the router's ledger honours it.
        double cost = properties?.TryGetValue(ReplayProperties.CostUsd, out double recorded) == true
            ? recorded
            : card.CostOf(new TokenUsage(input, output, Math.Min(usage.CachedInputTokenCount ?? 0, input)));
        bool estimated = properties?.TryGetValue(ReplayProperties.UsageEstimated, out bool flagged) == true && flagged;
        if (reservation is not null)
        {
            await budgets.SettleAsync(reservation, cost).ConfigureAwait(false);
        }

        var call = new CallSummary(card.Id, "downstream", input, output, cost, latency.TotalMilliseconds, "succeeded", null, estimated)
        {
            CachedInputTokens = Math.Clamp(usage.CachedInputTokenCount ?? 0, 0, input),
            ReasoningTokens = Math.Clamp(usage.ReasoningTokenCount ?? 0, 0, output),
            CacheHit = properties?.TryGetValue(ResponseCacheProperties.Hit, out bool hit) == true && hit,
            SavedUsd = properties?.TryGetValue(ResponseCacheProperties.SavedUsd, out double saved) == true ? saved : 0,
        };
        return new RouteReport(RouteReport.RouteMode, card.Id, Turns: 0, TurnLimitReached: false, [call]);
    }

    private async Task ReleaseAsync(BudgetReservation? reservation)
    {
        if (reservation is not null)
        {
            await budgets.ReleaseAsync(reservation).ConfigureAwait(false);
        }
    }
}

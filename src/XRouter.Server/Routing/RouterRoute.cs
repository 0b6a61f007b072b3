using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using XRouter.SemanticKernel.Services;
using XRouter.Server.Api;
using XRouter.Server.Keys;

namespace XRouter.Server.Routing;

/// <summary>
/// Model <c>xrouter</c>: the request goes through the XRouter chat client (router policy, pool, ledger, budget), with
/// the body's <c>xrouter</c> knobs as its per-request settings and the client's options and tools passed on.
/// </summary>
internal sealed class RouterRoute(IChatClient router, IReadOnlySet<string> pool, KeySpendRecorder spend) : IChatRoute
{
    public async Task<RoutedResponse> CompleteAsync(ChatRequest request, string? budgetAccount, CancellationToken cancellationToken)
    {
        var response = await router.GetResponseAsync(request.Messages, Options(request), cancellationToken).ConfigureAwait(false);
        var report = RouteReport.FromMetadata(response.AdditionalProperties);
        spend.Record(budgetAccount, report.CostUsd);
        return new RoutedResponse(response, report);
    }

    public async IAsyncEnumerable<RoutedUpdate> StreamAsync(ChatRequest request, string? budgetAccount, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RouteReport? report = null;
        await foreach (var update in router.GetStreamingResponseAsync(request.Messages, Options(request), cancellationToken).ConfigureAwait(false))
        {
            if (update.AdditionalProperties?.ContainsKey(XRouterChatCompletionService.ModeKey) == true)
            {
                report = RouteReport.FromMetadata(update.AdditionalProperties);
            }

            yield return new RoutedUpdate(update, null);
        }

        report ??= RouteReport.FromMetadata(null);
        spend.Record(budgetAccount, report.CostUsd);
        yield return new RoutedUpdate(null, report);
    }

    /// <exception cref="ApiException">400: <c>allowed_models</c> names a model outside the pool.</exception>
    private ChatOptions Options(ChatRequest request)
    {
        if (request.Knobs?.AllowedModels?.FirstOrDefault(id => !pool.Contains(id)) is string unknown)
        {
            throw ApiException.InvalidRequest("xrouter.allowed_models", $"Field 'xrouter.allowed_models' names '{unknown}', which is not in the pool: {string.Join(", ", pool.Order(StringComparer.Ordinal))}.");
        }

        var options = request.Options.Clone();
        options.ModelId = null;
        var properties = new AdditionalPropertiesDictionary();
        if (request.Knobs is { } knobs)
        {
            Add(properties, "cost_penalty", knobs.CostPenalty);
            Add(properties, "max_cost_usd", knobs.MaxCostUsd);
            Add(properties, "max_turns", knobs.MaxTurns);
            Add(properties, "allowed_models", knobs.AllowedModels);
        }

        options.AdditionalProperties = properties.Count > 0 ? properties : null;
        return options;
    }

    private static void Add(AdditionalPropertiesDictionary properties, string key, object? value)
    {
        if (value is not null)
        {
            properties[key] = value;
        }
    }
}

using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using XRouter.SemanticKernel.Services;
using XRouter.Server.Api;

namespace XRouter.Server.Routing;

/// <summary>
/// Model <c>xrouter</c>: the request goes through the XRouter chat client (router policy, pool, ledger, budget), with
/// the body's <c>xrouter</c> knobs as its per-request settings, the key's budget account as its <c>budget_account</c>
/// (every router turn and downstream call reserves and settles on it), and the client's options and tools passed on.
/// </summary>
internal sealed class RouterRoute(IChatClient router, IReadOnlySet<string> pool) : IChatRoute
{
    public async Task<RoutedResponse> CompleteAsync(ChatRequest request, string? budgetAccount, CancellationToken cancellationToken)
    {
        var response = await router.GetResponseAsync(request.Messages, Options(request, budgetAccount), cancellationToken).ConfigureAwait(false);
        return new RoutedResponse(response, RouteReport.FromMetadata(response.AdditionalProperties));
    }

    public async IAsyncEnumerable<RoutedUpdate> StreamAsync(ChatRequest request, string? budgetAccount, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RouteReport? report = null;
        await foreach (var update in router.GetStreamingResponseAsync(request.Messages, Options(request, budgetAccount), cancellationToken).ConfigureAwait(false))
        {
            if (update.AdditionalProperties?.ContainsKey(XRouterChatCompletionService.ModeKey) == true)
            {
                report = RouteReport.FromMetadata(update.AdditionalProperties);
            }

            yield return new RoutedUpdate(update, null);
        }

        yield return new RoutedUpdate(null, report ?? RouteReport.FromMetadata(null));
    }

    /// <exception cref="ApiException">400: <c>allowed_models</c> names a model outside the pool.</exception>
    private ChatOptions Options(ChatRequest request, string? budgetAccount)
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

        Add(properties, "budget_account", budgetAccount);

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

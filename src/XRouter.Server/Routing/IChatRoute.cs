using Microsoft.Extensions.AI;
using XRouter.Server.Api;

namespace XRouter.Server.Routing;

/// <summary>A reply and what it cost.</summary>
internal sealed record RoutedResponse(ChatResponse Response, RouteReport Report);

/// <summary>One event of a routed stream: a piece of the reply, or, last, the report.</summary>
internal readonly record struct RoutedUpdate(ChatResponseUpdate? Update, RouteReport? Report);

/// <summary>Where a request's <c>model</c> sends it: the router (<c>xrouter</c>) or straight to one pool model.</summary>
internal interface IChatRoute
{
    /// <summary>Answers <paramref name="request"/>; spend is drawn on <paramref name="budgetAccount"/> when given.</summary>
    Task<RoutedResponse> CompleteAsync(ChatRequest request, string? budgetAccount, CancellationToken cancellationToken);

    /// <summary>Streams the answer to <paramref name="request"/>; the last event carries the report.</summary>
    IAsyncEnumerable<RoutedUpdate> StreamAsync(ChatRequest request, string? budgetAccount, CancellationToken cancellationToken);
}

using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace XRouter.SemanticKernel.Orchestration;

/// <summary>
/// Caps the router's turns per request. Past the cap the backbone is not asked again: the request ends with
/// the last downstream reply, or fails clearly when no model replied.
/// </summary>
internal sealed class TurnLimitChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = RoutingRequest.From(options);
        if (request is null || TryTakeTurn(request))
        {
            return base.GetResponseAsync(messages, options, cancellationToken);
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Fallback(request))));
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = RoutingRequest.From(options);
        if (request is not null && !TryTakeTurn(request))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, Fallback(request));
            yield break;
        }

        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    private static bool TryTakeTurn(RoutingRequest request)
    {
        if (request.Turns >= request.MaxTurns)
        {
            return false;
        }

        request.BeginTurn();
        return true;
    }

    private static string Fallback(RoutingRequest request)
    {
        request.TurnLimitReached = true;
        return request.EndWithLastReply($"The router used all {request.MaxTurns} turns without answering");
    }
}

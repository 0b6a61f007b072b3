using Microsoft.Extensions.AI;

namespace XRouter.SemanticKernel.Orchestration;

/// <summary>
/// Keeps the request's state, which travels through the loop in the chat options, out of what the backbone
/// receives: a backbone sees only the options a caller could have set.
/// </summary>
internal sealed class RequestStateHidingChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, Hide(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, Hide(options), cancellationToken);

    private static ChatOptions? Hide(ChatOptions? options)
    {
        if (options?.AdditionalProperties?.ContainsKey(RoutingRequest.Key) != true)
        {
            return options;
        }

        var hidden = options.Clone();
        hidden.AdditionalProperties = new AdditionalPropertiesDictionary(options.AdditionalProperties.Where(p => p.Key != RoutingRequest.Key));
        return hidden;
    }
}

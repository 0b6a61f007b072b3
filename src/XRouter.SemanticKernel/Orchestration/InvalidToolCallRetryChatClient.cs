using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace XRouter.SemanticKernel.Orchestration;

/// <summary>
/// Recovers from a malformed tool call. A backbone that generates text reports a call it cannot parse (broken
/// JSON, an unknown tool) as <see cref="ErrorContent"/> rather than a <see cref="FunctionCallContent"/>; SK's loop
/// would then end with whatever text surrounds it. Instead the router is shown what it wrote and why it was
/// invalid, and asked again, each retry taking a turn, so the turn cap still bounds the request.
/// </summary>
internal sealed class InvalidToolCallRetryChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // The conversation is copied only when the router has to be asked again.
        List<ChatMessage>? conversation = null;
        while (true)
        {
            var response = await base.GetResponseAsync(conversation ?? messages, options, cancellationToken).ConfigureAwait(false);
            foreach (var message in response.Messages)
            {
                RejectUnparsedCalls(options, message.Contents);
            }

            var contents = response.Messages.SelectMany(m => m.Contents);
            if (!NeedsRetry(options, contents))
            {
                return response;
            }

            conversation ??= [.. messages];
            conversation.AddRange(Correction([.. contents]));
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<ChatMessage> conversation = [.. messages];
        while (true)
        {
            var contents = new List<AIContent>();
            await foreach (var update in base.GetStreamingResponseAsync(conversation, options, cancellationToken).ConfigureAwait(false))
            {
                RejectUnparsedCalls(options, update.Contents);
                contents.AddRange(update.Contents);
                yield return update;
            }

            if (!NeedsRetry(options, contents))
            {
                yield break;
            }

            conversation.AddRange(Correction(contents));
        }
    }

    /// <summary>
    /// A client that parses tool calls itself (an OpenAI-compatible backbone) reports arguments that are not JSON as a
    /// call with its <see cref="FunctionCallContent.Exception"/> set and no arguments; run as it is, the model would be
    /// called without the router's prompt. It is an invalid call like any other.
    /// </summary>
    private static void RejectUnparsedCalls(ChatOptions? options, IList<AIContent> contents)
    {
        if (RoutingRequest.From(options) is null)
        {
            return;
        }

        for (int i = 0; i < contents.Count; i++)
        {
            if (contents[i] is FunctionCallContent { Exception: { } failure } call)
            {
                // Named as the router wrote it, without the plugin qualification SK's loop sees.
                string name = call.Name.StartsWith(Pool.ModelPool.QualifiedPrefix, StringComparison.Ordinal) ? call.Name[Pool.ModelPool.QualifiedPrefix.Length..] : call.Name;
                contents[i] = new ErrorContent($"the arguments of {name} are not valid JSON ({(failure.InnerException ?? failure).Message})");
            }
        }
    }

    /// <summary>True when a routed request's reply reports an invalid tool call and makes no valid one.</summary>
    private static bool NeedsRetry(ChatOptions? options, IEnumerable<AIContent> contents)
    {
        bool error = false;
        foreach (var content in contents)
        {
            if (content is FunctionCallContent)
            {
                return false;
            }

            error |= content is ErrorContent;
        }

        return error && RoutingRequest.From(options) is not null;
    }

    private static IEnumerable<ChatMessage> Correction(List<AIContent> contents)
    {
        var errors = contents.OfType<ErrorContent>().ToList();
        var written = new StringBuilder();
        foreach (var text in contents.OfType<TextContent>())
        {
            written.Append(text.Text);
        }

        foreach (var error in errors.Where(e => !string.IsNullOrEmpty(e.Details)))
        {
            written.Append(error.Details);
        }

        yield return new ChatMessage(ChatRole.Assistant, written.ToString());
        yield return new ChatMessage(
            ChatRole.User,
            "Your last reply contained an invalid tool call: " + string.Join("; ", errors.Select(e => e.Message)) +
            ". Reply again with a valid tool call (JSON with \"name\" and \"arguments\", naming one of the tools offered) or answer directly.");
    }
}

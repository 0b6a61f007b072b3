using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using XRouter.SemanticKernel.Pool;

namespace XRouter.SemanticKernel.Orchestration;

/// <summary>
/// Shows the backbone the tool names xRouter was trained with (<c>call_gpt_5</c>, <c>select_response</c>) while
/// SK's loop keeps its plugin-qualified names (<c>xrouter_call_gpt_5</c>); the application's own functions
/// pass through unchanged.
/// </summary>
internal sealed class ToolNameMappingChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    private const string Prefix = ModelPool.PluginName + "_";

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(ToBackbone(messages), ToBackbone(options), cancellationToken).ConfigureAwait(false);
        var pooled = PooledNames(options);
        foreach (var message in response.Messages)
        {
            MapCalls(message.Contents, pooled);
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pooled = PooledNames(options);
        await foreach (var update in base.GetStreamingResponseAsync(ToBackbone(messages), ToBackbone(options), cancellationToken).ConfigureAwait(false))
        {
            MapCalls(update.Contents, pooled);
            yield return update;
        }
    }

    private static HashSet<string> PooledNames(ChatOptions? options) =>
        [.. options?.Tools?.Select(t => t.Name).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)) ?? []];

    private static void MapCalls(IList<AIContent> contents, HashSet<string> pooled)
    {
        for (int i = 0; i < contents.Count; i++)
        {
            if (contents[i] is FunctionCallContent call && pooled.Contains(Prefix + call.Name))
            {
                contents[i] = Renamed(call, Prefix + call.Name);
            }
        }
    }

    private static ChatOptions? ToBackbone(ChatOptions? options)
    {
        if (options?.Tools is not { Count: > 0 } tools || !tools.Any(IsPooled))
        {
            return options;
        }

        var mapped = options.Clone();
        mapped.Tools = [.. tools.Select(t => IsPooled(t) && t is AIFunctionDeclaration f
            ? AIFunctionFactory.CreateDeclaration(f.Name[Prefix.Length..], f.Description, f.JsonSchema, f.ReturnJsonSchema)
            : t)];
        return mapped;
    }

    private static IEnumerable<ChatMessage> ToBackbone(IEnumerable<ChatMessage> messages) =>
        messages.Select(m => m.Contents.Any(c => c is FunctionCallContent call && call.Name.StartsWith(Prefix, StringComparison.Ordinal))
            ? new ChatMessage(m.Role, [.. m.Contents.Select(c => c is FunctionCallContent call && call.Name.StartsWith(Prefix, StringComparison.Ordinal) ? Renamed(call, call.Name[Prefix.Length..]) : c)])
            {
                AuthorName = m.AuthorName,
                MessageId = m.MessageId,
                AdditionalProperties = m.AdditionalProperties,
            }
            : m);

    private static bool IsPooled(AITool tool) => tool.Name.StartsWith(Prefix, StringComparison.Ordinal);

    private static FunctionCallContent Renamed(FunctionCallContent call, string name) => new(call.CallId, name, call.Arguments)
    {
        Exception = call.Exception,
        RawRepresentation = call.RawRepresentation,
        AdditionalProperties = call.AdditionalProperties,
    };
}

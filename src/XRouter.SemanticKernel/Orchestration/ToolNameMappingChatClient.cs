using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using XRouter.SemanticKernel.Pool;

namespace XRouter.SemanticKernel.Orchestration;

/// <summary>
/// The backbone's view of the loop. It shows the backbone the tool names xRouter was trained with
/// (<c>call_gpt_5</c>, <c>select_response</c>) and the caller's own tool names, while SK's loop keeps its
/// plugin-qualified names (<c>xrouter_call_gpt_5</c>, <c>xrouterapp_get_weather</c>); the application's plugin
/// functions pass through unchanged. It also keeps the request's state, which travels in the options, out of what
/// the backbone receives. The pool's declarations are built once, with the pool.
/// </summary>
internal sealed class ToolNameMappingChatClient(IChatClient innerClient, ModelPool pool, string callerToolsPlugin) : DelegatingChatClient(innerClient)
{
    private readonly string _callerPrefix = callerToolsPlugin + "_";

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (mapped, qualified) = ToBackbone(options);
        var response = await base.GetResponseAsync(ToBackbone(messages, options?.Tools), mapped, cancellationToken).ConfigureAwait(false);
        foreach (var message in response.Messages)
        {
            MapCalls(message.Contents, qualified);
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (mapped, qualified) = ToBackbone(options);
        await foreach (var update in base.GetStreamingResponseAsync(ToBackbone(messages, options?.Tools), mapped, cancellationToken).ConfigureAwait(false))
        {
            MapCalls(update.Contents, qualified);
            yield return update;
        }
    }

    private static void MapCalls(IList<AIContent> contents, Dictionary<string, string>? qualified)
    {
        for (int i = 0; qualified is not null && i < contents.Count; i++)
        {
            if (contents[i] is FunctionCallContent call && qualified.TryGetValue(call.Name, out string? name))
            {
                contents[i] = Renamed(call, name);
            }
        }
    }

    /// <summary>The options the backbone sees, and the loop's name of each renamed tool by the name the backbone sees.</summary>
    private (ChatOptions? Options, Dictionary<string, string>? Qualified) ToBackbone(ChatOptions? options)
    {
        if (options?.Tools is not { Count: > 0 } tools)
        {
            return (WithoutRequestState(options, clone: true), null);
        }

        var qualified = new Dictionary<string, string>(StringComparer.Ordinal);
        var shown = new List<AITool>(tools.Count);
        foreach (var tool in tools)
        {
            if (pool.BackboneTools.TryGetValue(tool.Name, out var declaration))
            {
                shown.Add(declaration);
            }
            else if (tool.Name.StartsWith(_callerPrefix, StringComparison.Ordinal) && tool is AIFunctionDeclaration f)
            {
                declaration = AIFunctionFactory.CreateDeclaration(f.Name[_callerPrefix.Length..], f.Description, f.JsonSchema, f.ReturnJsonSchema);
                shown.Add(declaration);
            }
            else
            {
                shown.Add(tool);
                continue;
            }

            qualified[declaration.Name] = tool.Name;
        }

        if (qualified.Count == 0)
        {
            return (WithoutRequestState(options, clone: true), null);
        }

        var mapped = WithoutRequestState(options.Clone(), clone: false)!;
        mapped.Tools = shown;
        return (mapped, qualified);
    }

    private static ChatOptions? WithoutRequestState(ChatOptions? options, bool clone)
    {
        if (options?.AdditionalProperties?.ContainsKey(RoutingRequest.Key) != true)
        {
            return options;
        }

        // A clone of the options has its own copy of the additional properties.
        var hidden = clone ? options.Clone() : options;
        hidden.AdditionalProperties!.Remove(RoutingRequest.Key);
        return hidden;
    }

    private IEnumerable<ChatMessage> ToBackbone(IEnumerable<ChatMessage> messages, IList<AITool>? offered) =>
        InProfileWords(messages, offered).Select(m => m.Contents.Any(c => c is FunctionCallContent call && IsHidden(call.Name))
            ? WithContents(m, m.Contents.Select(c => c is FunctionCallContent call && IsHidden(call.Name) ? Renamed(call, Unqualified(call.Name)) : c))
            : m);

    /// <summary>
    /// The result of a call of a tool the router was not offered, in the profile's words where it has its own (the
    /// published protocol does); SK's function-invoking client writes its own text for it.
    /// </summary>
    private IEnumerable<ChatMessage> InProfileWords(IEnumerable<ChatMessage> messages, IList<AITool>? offered)
    {
        if (pool.Profile.UnknownToolResult is not string error)
        {
            return messages;
        }

        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var names = offered?.Select(t => t.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        var unknownCalls = list.SelectMany(m => m.Contents).OfType<FunctionCallContent>()
            .Where(call => !names.Contains(call.Name)).Select(call => call.CallId).ToHashSet(StringComparer.Ordinal);
        if (unknownCalls.Count == 0)
        {
            return list;
        }

        return list.Select(m => m.Contents.Any(c => c is FunctionResultContent r && unknownCalls.Contains(r.CallId))
            ? WithContents(m, m.Contents.Select(c => c is FunctionResultContent r && unknownCalls.Contains(r.CallId) ? new FunctionResultContent(r.CallId, error) : c))
            : m);
    }

    private static ChatMessage WithContents(ChatMessage message, IEnumerable<AIContent> contents) => new(message.Role, [.. contents])
    {
        AuthorName = message.AuthorName,
        MessageId = message.MessageId,
        AdditionalProperties = message.AdditionalProperties,
    };

    private bool IsHidden(string name) =>
        name.StartsWith(ModelPool.QualifiedPrefix, StringComparison.Ordinal) || name.StartsWith(_callerPrefix, StringComparison.Ordinal);

    private string Unqualified(string name) =>
        name.StartsWith(_callerPrefix, StringComparison.Ordinal) ? name[_callerPrefix.Length..] : name[ModelPool.QualifiedPrefix.Length..];

    private static FunctionCallContent Renamed(FunctionCallContent call, string name) => new(call.CallId, name, call.Arguments)
    {
        Exception = call.Exception,
        RawRepresentation = call.RawRepresentation,
        AdditionalProperties = call.AdditionalProperties,
    };
}

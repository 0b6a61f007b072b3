using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using XRouter.SemanticKernel.Pool;
using KernelFunction = Microsoft.SemanticKernel.KernelFunction;

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
        var response = await base.GetResponseAsync(ToBackbone(messages, options?.Tools), ToBackbone(options), cancellationToken).ConfigureAwait(false);
        foreach (var message in response.Messages)
        {
            MapCalls(message.Contents, options?.Tools);
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in base.GetStreamingResponseAsync(ToBackbone(messages, options?.Tools), ToBackbone(options), cancellationToken).ConfigureAwait(false))
        {
            MapCalls(update.Contents, options?.Tools);
            yield return update;
        }
    }

    /// <summary>Gives each call of a tool the backbone knows by another name the loop's name of that tool.</summary>
    private void MapCalls(IList<AIContent> contents, IList<AITool>? offered)
    {
        for (int i = 0; offered is { Count: > 0 } && i < contents.Count; i++)
        {
            if (contents[i] is FunctionCallContent call && LoopName(call.Name, offered) is string name)
            {
                contents[i] = Renamed(call, name);
            }
        }
    }

    /// <summary>The loop's name of the offered tool the backbone was shown as <paramref name="shownName"/>, if it was renamed.</summary>
    private string? LoopName(string shownName, IList<AITool> offered)
    {
        if (pool.TryGetFunction(shownName, out var function) && offered.Contains(function))
        {
            return ModelPool.QualifiedPrefix + shownName;
        }

        for (int i = 0; i < offered.Count; i++)
        {
            if (IsCallerTool(offered[i], out var callerTool) && callerTool.Name == shownName)
            {
                return _callerPrefix + shownName;
            }
        }

        return null;
    }

    /// <summary>The options the backbone sees: the tools under the names it knows, without the request's state.</summary>
    private ChatOptions? ToBackbone(ChatOptions? options)
    {
        bool carriesRequest = options?.AdditionalProperties?.ContainsKey(RoutingRequest.Key) == true;
        if (options is null || (!carriesRequest && options.Tools is not { Count: > 0 }))
        {
            return options;
        }

        // A clone of the options has its own copy of the additional properties.
        var shown = options.Clone();
        shown.AdditionalProperties?.Remove(RoutingRequest.Key);
        if (options.Tools is { Count: > 0 } tools)
        {
            var declarations = new List<AITool>(tools.Count);
            for (int i = 0; i < tools.Count; i++)
            {
                declarations.Add(ShownAs(tools[i]));
            }

            shown.Tools = declarations;
        }

        return shown;
    }

    private AITool ShownAs(AITool tool) =>
        pool.TryGetBackboneTool(tool, out var declaration) ? declaration
        : IsCallerTool(tool, out var callerTool) ? AIFunctionFactory.CreateDeclaration(callerTool.Name, callerTool.Description, callerTool.JsonSchema, callerTool.ReturnJsonSchema)
        : tool;

    private bool IsCallerTool(AITool tool, [NotNullWhen(true)] out KernelFunction? function)
    {
        function = tool as KernelFunction;
        return function?.PluginName == callerToolsPlugin;
    }

    /// <summary>The conversation as the backbone knows it: its earlier calls under the names it was shown.</summary>
    private IEnumerable<ChatMessage> ToBackbone(IEnumerable<ChatMessage> messages, IList<AITool>? offered)
    {
        var list = InProfileWords(messages as IReadOnlyList<ChatMessage> ?? [.. messages], offered);
        List<ChatMessage>? shown = null;
        for (int i = 0; i < list.Count; i++)
        {
            var message = list[i];
            bool hidden = HasHiddenCall(message);
            if (hidden && shown is null)
            {
                shown = [.. list.Take(i)];
            }

            shown?.Add(hidden ? WithContents(message, message.Contents.Select(c => c is FunctionCallContent call && IsHidden(call.Name) ? Renamed(call, Unqualified(call.Name)) : c)) : message);
        }

        return shown ?? list;
    }

    private bool HasHiddenCall(ChatMessage message)
    {
        var contents = message.Contents;
        for (int i = 0; i < contents.Count; i++)
        {
            if (contents[i] is FunctionCallContent call && IsHidden(call.Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The result of a call of a tool the router was not offered, in the profile's words where it has its own (the
    /// published protocol does); SK's function-invoking client writes its own text for it.
    /// </summary>
    private IReadOnlyList<ChatMessage> InProfileWords(IReadOnlyList<ChatMessage> list, IList<AITool>? offered)
    {
        if (pool.Profile.UnknownToolResult is not string error)
        {
            return list;
        }

        var names = offered?.Select(t => t.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        var unknownCalls = list.SelectMany(m => m.Contents).OfType<FunctionCallContent>()
            .Where(call => !names.Contains(call.Name)).Select(call => call.CallId).ToHashSet(StringComparer.Ordinal);
        if (unknownCalls.Count == 0)
        {
            return list;
        }

        return [.. list.Select(m => m.Contents.Any(c => c is FunctionResultContent r && unknownCalls.Contains(r.CallId))
            ? WithContents(m, m.Contents.Select(c => c is FunctionResultContent r && unknownCalls.Contains(r.CallId) ? new FunctionResultContent(r.CallId, error) : c))
            : m)];
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

using System.Collections.Frozen;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using XRouter.Policy.Routing;
using XRouter.SemanticKernel.Budget;
using XRouter.SemanticKernel.Ledger;

namespace XRouter.SemanticKernel.Orchestration;

/// <summary>
/// The state of one routed request, shared by the model tools, the filters and the delegating clients of
/// the loop. It travels explicitly, never ambiently, so a streamed request keeps it across every async
/// iterator: in the request's own kernel (<see cref="Kernel.Data"/>) for kernel functions and filters, and in
/// the loop's <see cref="ChatOptions.AdditionalProperties"/> for the delegating clients around the backbone.
/// </summary>
internal sealed class RoutingRequest
{
    /// <summary>The key under which the request travels in kernel data and chat options.</summary>
    public const string Key = "xrouter.request";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ModelReply> _repliesByTool = new(StringComparer.Ordinal);
    private readonly List<ModelReply> _replies = [];
    private readonly Dictionary<string, TaskCompletionSource> _callEnds = new(StringComparer.Ordinal);
    private readonly List<Microsoft.SemanticKernel.FunctionCallContent> _appFunctionCalls = [];
    private int _turns;

    public RoutingRequest(string userQuery, int maxTurns, RequestBudget budget)
    {
        UserQuery = userQuery;
        MaxTurns = maxTurns;
        Budget = budget;
    }

    public string UserQuery { get; }

    /// <summary>The application's system messages, sent to a downstream model whose call carries no system prompt.</summary>
    public string AppSystemPrompt { get; init; } = string.Empty;

    public int MaxTurns { get; }

    public CostLedger Ledger { get; } = new();

    public RequestBudget Budget { get; }

    public int Turns => Volatile.Read(ref _turns);

    /// <summary>True when the request ended because the router ran out of turns.</summary>
    public bool TurnLimitReached { get; set; }

    /// <summary>True when the request ended because its budget could not afford another router turn.</summary>
    public bool BudgetExhausted { get; set; }

    /// <summary>False when the caller turned auto-invocation off: its functions are returned to it, not run.</summary>
    public bool InvokesAppFunctions { get; init; } = true;

    /// <summary>The kernel names of the caller's tools that it declared without an implementation: their calls are always returned to it.</summary>
    public IReadOnlySet<string> CallerDeclaredFunctions { get; init; } = FrozenSet<string>.Empty;

    /// <summary>The caller's <c>max_tokens</c>, if it set one: the most any reply the caller may receive verbatim can hold.</summary>
    public int? CallerMaxOutputTokens { get; init; }

    /// <summary>The calls of the caller's functions that the router made and the caller must run (auto-invocation off).</summary>
    public IReadOnlyList<Microsoft.SemanticKernel.FunctionCallContent> AppFunctionCalls
    {
        get
        {
            lock (_gate)
            {
                return [.. _appFunctionCalls];
            }
        }
    }

    /// <summary>Where a routed reply streams to the caller; null when the request is not streamed.</summary>
    public Selection.ReplyStream? Stream { get; init; }

    /// <summary>The reply chosen by <c>select_response</c>, once chosen.</summary>
    public ModelReply? Selected { get; private set; }

    public ModelReply? LastReply
    {
        get
        {
            lock (_gate)
            {
                return _replies.Count == 0 ? null : _replies[^1];
            }
        }
    }

    public IReadOnlyCollection<string> CalledTools
    {
        get
        {
            lock (_gate)
            {
                return [.. _repliesByTool.Keys];
            }
        }
    }

    /// <summary>The request a loop call belongs to, if it belongs to one.</summary>
    public static RoutingRequest? From(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Key, out object? value) == true ? value as RoutingRequest : null;

    /// <summary>The request of <paramref name="kernel"/>, for a function that only makes sense inside one.</summary>
    /// <exception cref="XRouterException">The kernel belongs to no routed request.</exception>
    public static RoutingRequest Require(Kernel kernel, string functionName) =>
        kernel.Data.TryGetValue(Key, out object? value) && value is RoutingRequest request
            ? request
            : throw new XRouterException($"{functionName} can only run inside a request routed by the XRouter chat service.");

    /// <summary>Counts a router turn; returns the turn number, from 1.</summary>
    public int BeginTurn() => Interlocked.Increment(ref _turns);

    public void AddReply(string toolName, ModelReply reply)
    {
        lock (_gate)
        {
            _repliesByTool[toolName] = reply;
            _replies.Add(reply);
        }
    }

    public bool TryGetReply(string toolName, out ModelReply reply)
    {
        lock (_gate)
        {
            return _repliesByTool.TryGetValue(toolName, out reply!);
        }
    }

    public void Select(ModelReply reply) => Selected = reply;

    public void AddAppFunctionCall(Microsoft.SemanticKernel.FunctionCallContent call)
    {
        lock (_gate)
        {
            _appFunctionCalls.Add(call);
        }
    }

    /// <summary>Completes when the model call with tool call id <paramref name="callId"/> has ended, replied or failed.</summary>
    public Task WhenCallEnds(string callId) => CallEnd(callId).Task;

    public void EndCall(string callId) => CallEnd(callId).TrySetResult();

    private TaskCompletionSource CallEnd(string callId)
    {
        lock (_gate)
        {
            if (!_callEnds.TryGetValue(callId, out var end))
            {
                end = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _callEnds[callId] = end;
            }

            return end;
        }
    }

    /// <summary>Ends the request with its last model reply, verbatim; fails, with the ledger, when no model replied.</summary>
    /// <param name="why">Why the router may not go on, for the error.</param>
    /// <exception cref="XRouterException">No model has replied.</exception>
    public string EndWithLastReply(string why)
    {
        var last = LastReply ?? throw new XRouterException($"{why}, and no model replied.") { Calls = Ledger.Calls };
        Select(last);
        return last.Text;
    }
}

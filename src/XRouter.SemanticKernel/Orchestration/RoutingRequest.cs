using XRouter.Policy.Routing;
using XRouter.SemanticKernel.Budget;
using XRouter.SemanticKernel.Ledger;

namespace XRouter.SemanticKernel.Orchestration;

/// <summary>
/// The state of one routed request, shared by the model tools, the filters and the delegating clients of
/// the loop. It travels as an ambient scope because SK passes a kernel function only the arguments the
/// router wrote, not the user's query that the downstream call needs.
/// </summary>
internal sealed class RoutingRequest
{
    private static readonly AsyncLocal<RoutingRequest?> s_current = new();

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ModelReply> _repliesByTool = new(StringComparer.Ordinal);
    private readonly List<ModelReply> _replies = [];
    private int _turns;

    public RoutingRequest(string userQuery, int maxTurns, double? maxCostUsd)
    {
        UserQuery = userQuery;
        MaxTurns = maxTurns;
        Budget = new BudgetAccount(maxCostUsd);
    }

    /// <summary>The request in whose scope the caller runs, if any.</summary>
    public static RoutingRequest? Current => s_current.Value;

    public string UserQuery { get; }

    public int MaxTurns { get; }

    public CostLedger Ledger { get; } = new();

    public BudgetAccount Budget { get; }

    public int Turns => Volatile.Read(ref _turns);

    /// <summary>True when the request ended because the router ran out of turns.</summary>
    public bool TurnLimitReached { get; set; }

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

    /// <summary>The current request, for a function that only makes sense inside one.</summary>
    /// <exception cref="XRouterException">No routed request is in scope.</exception>
    public static RoutingRequest Require(string functionName) =>
        s_current.Value ?? throw new XRouterException($"{functionName} can only run inside a request routed by the XRouter chat service.");

    /// <summary>Makes <paramref name="request"/> current until the returned scope is disposed.</summary>
    public static IDisposable Enter(RoutingRequest request)
    {
        var previous = s_current.Value;
        s_current.Value = request;
        return new Scope(previous);
    }

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

    private sealed class Scope(RoutingRequest? previous) : IDisposable
    {
        public void Dispose() => s_current.Value = previous;
    }
}

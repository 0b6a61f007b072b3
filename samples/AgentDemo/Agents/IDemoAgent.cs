namespace AgentDemo.Agents;

/// <summary>An agent whose brain is XRouter: it asks one question and returns the routed reply.</summary>
internal interface IDemoAgent
{
    /// <summary>A short name for reports.</summary>
    string Name { get; }

    /// <summary>Asks <paramref name="question"/> with the request's routing knobs.</summary>
    Task<AgentReply> AskAsync(string question, RoutingKnobs knobs, CancellationToken cancellationToken);
}

/// <summary>What the agent answered and XRouter's routing metadata for it (<c>xrouter.*</c> keys).</summary>
/// <param name="Text">The final answer.</param>
/// <param name="Metadata">The routing metadata of the final message.</param>
internal sealed record AgentReply(string Text, IReadOnlyDictionary<string, object?> Metadata);

/// <summary>The per-request settings XRouter reads.</summary>
/// <param name="CostPenalty">lambda: reward points one US dollar costs.</param>
/// <param name="MaxCostUsd">The request's hard cost limit, or null.</param>
internal sealed record RoutingKnobs(double CostPenalty, double? MaxCostUsd);

/// <summary>What both agents are told.</summary>
internal static class AgentInstructions
{
    /// <summary>The system message.</summary>
    public const string Text = "You are a careful assistant. Answer exactly in the format the question asks for.";
}

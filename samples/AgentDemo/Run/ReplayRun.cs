using AgentDemo.Agents;
using XRouter.Policy.Data;
using XRouter.SemanticKernel;

namespace AgentDemo.Run;

/// <summary>Asks the agent every query of the log, one after another, as an application would.</summary>
internal static class ReplayRun
{
    /// <summary>
    /// Runs the queries, reporting each finished one to <paramref name="progress"/>; <paramref name="grade"/> scores
    /// the answers by the log's recorded outcomes (offline, where the answers are the recorded ones).
    /// </summary>
    public static async Task<IReadOnlyList<QueryOutcome>> RunAsync(
        IDemoAgent agent, IReadOnlyList<RoutingLogEntry> log, RoutingKnobs knobs, bool grade, Action<QueryOutcome>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(log);
        var outcomes = new List<QueryOutcome>(log.Count);
        foreach (var entry in log)
        {
            var outcome = await AskAsync(agent, entry.Id, entry.Task, entry.Prompt, grade ? entry : null, knobs, cancellationToken);
            outcomes.Add(outcome);
            progress?.Invoke(outcome);
        }

        return outcomes;
    }

    /// <summary>Asks one query; a request XRouter refuses (budget, no reply) becomes a failed outcome, not a crash.</summary>
    public static async Task<QueryOutcome> AskAsync(
        IDemoAgent agent, string id, string? task, string question, RoutingLogEntry? entry, RoutingKnobs knobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        try
        {
            var reply = await agent.AskAsync(question, knobs, cancellationToken);
            return QueryOutcome.FromReply(id, task, question, reply, entry);
        }
        catch (XRouterException e)
        {
            return QueryOutcome.Failed(id, task, question, e.Message);
        }
    }
}

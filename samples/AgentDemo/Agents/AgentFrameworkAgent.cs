using AgentDemo.Tools;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace AgentDemo.Agents;

/// <summary>
/// A Microsoft Agent Framework agent: a <see cref="ChatClientAgent"/> whose chat client is XRouter's
/// <see cref="IChatClient"/>, with a calculator tool of its own. The routing knobs travel in the run's
/// <see cref="ChatOptions.AdditionalProperties"/>, the routing metadata comes back in the response's.
/// </summary>
internal sealed class AgentFrameworkAgent : IDemoAgent
{
    private readonly ChatClientAgent _agent;

    public AgentFrameworkAgent(IChatClient xrouter)
    {
        ArgumentNullException.ThrowIfNull(xrouter);
        _agent = new ChatClientAgent(
            xrouter,
            instructions: AgentInstructions.Text,
            name: "xrouter-agent",
            tools: [AIFunctionFactory.Create(CalculatorPlugin.Calculate, "calculate")]);
    }

    public string Name => "Microsoft Agent Framework (ChatClientAgent)";

    public async Task<AgentReply> AskAsync(string question, RoutingKnobs knobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(knobs);
        var properties = new AdditionalPropertiesDictionary { ["cost_penalty"] = knobs.CostPenalty };
        if (knobs.MaxCostUsd is double limit)
        {
            properties["max_cost_usd"] = limit;
        }

        var response = await _agent.RunAsync(question, session: null, new ChatClientAgentRunOptions(new ChatOptions { AdditionalProperties = properties }), cancellationToken);
        return new AgentReply(
            response.Text,
            response.AdditionalProperties ?? throw new InvalidOperationException("The agent's response carries no XRouter metadata."));
    }
}

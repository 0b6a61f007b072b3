using AgentDemo.Tools;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.SemanticKernel.Settings;

namespace AgentDemo.Agents;

/// <summary>
/// The same agent on Semantic Kernel: a <see cref="Kernel"/> whose chat service is XRouter, a
/// <see cref="ChatHistory"/> and the calculator as a plugin, which XRouter offers to the router beside the
/// model tools.
/// </summary>
internal sealed class SemanticKernelAgent : IDemoAgent
{
    private readonly Kernel _kernel;

    public SemanticKernelAgent(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _kernel = new Kernel(services);
        _kernel.Plugins.AddFromType<CalculatorPlugin>(CalculatorPlugin.Name);
    }

    public string Name => "Semantic Kernel (Kernel + ChatHistory)";

    public async Task<AgentReply> AskAsync(string question, RoutingKnobs knobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(knobs);
        var history = new ChatHistory(AgentInstructions.Text);
        history.AddUserMessage(question);
        var settings = new XRouterPromptExecutionSettings { CostPenalty = knobs.CostPenalty, MaxCostUsd = knobs.MaxCostUsd };
        var reply = await _kernel.GetRequiredService<IChatCompletionService>()
            .GetChatMessageContentAsync(history, settings, _kernel, cancellationToken);
        return new AgentReply(
            reply.Content ?? string.Empty,
            reply.Metadata ?? throw new InvalidOperationException("The reply carries no XRouter metadata."));
    }
}

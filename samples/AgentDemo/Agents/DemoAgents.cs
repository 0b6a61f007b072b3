using AgentDemo.Cli;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AgentDemo.Agents;

/// <summary>Creates the agent of either framework over the XRouter registered in <paramref name="services"/>.</summary>
internal static class DemoAgents
{
    public static IDemoAgent Create(AgentKind kind, IServiceProvider services) => kind == AgentKind.SemanticKernel
        ? new SemanticKernelAgent(services)
        : new AgentFrameworkAgent(services.GetRequiredService<IChatClient>());
}

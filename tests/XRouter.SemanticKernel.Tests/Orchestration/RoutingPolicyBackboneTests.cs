using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.Policy.Routing;
using XRouter.SemanticKernel.Options;
using XRouter.SemanticKernel.Settings;
using XRouter.SemanticKernel.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.SemanticKernel.Tests.Orchestration;

public sealed class RoutingPolicyBackboneTests
{
    [Fact]
    public async Task A_policy_drives_the_SK_loop_through_real_tool_calls()
    {
        var policy = new CheapestThenSelect();
        await using var server = await LoopbackOpenAIServer.StartAsync();
        server.Script("model-b.mini", new ScriptedReply("cheap and right", 40, 5));
        var builder = Kernel.CreateBuilder();
        builder.AddXRouter(
            o =>
            {
                o.Catalog = RouterHarness.Catalog;
                o.RouterModelId = RouterHarness.RouterModel;
                o.Models["model-a"] = new ModelEndpointOptions { Endpoint = server.BaseUrl, MaxRetries = 0 };
                o.Models["model-b.mini"] = new ModelEndpointOptions { Endpoint = server.BaseUrl, MaxRetries = 0 };
            },
            _ => new RoutingPolicyChatClient(policy, RouterHarness.Catalog));
        var kernel = builder.Build();
        var history = new ChatHistory();
        history.AddUserMessage("q");

        var reply = await kernel.GetRequiredService<IChatCompletionService>()
            .GetChatMessageContentAsync(history, new XRouterPromptExecutionSettings { CostPenalty = 2.5 }, kernel);

        Assert.Equal("cheap and right", reply.Content);
        Assert.Equal("select", reply.Mode());
        Assert.Equal([1, 2], policy.States.Select(s => s.Turn));
        Assert.Equal(["model-a", "model-b.mini"], policy.States[0].Pool.Select(c => c.Id));
        Assert.Equal(2.5, policy.States[0].CostPenalty);
        Assert.Equal(new ModelReply("model-b.mini", "cheap and right"), Assert.Single(policy.States[1].Replies));
        Assert.Equal((40 * 0.05 + 5 * 0.40) / 1e6, reply.Cost(), 1e-12);
    }

    private sealed class CheapestThenSelect : IRoutingPolicy
    {
        public List<RoutingState> States { get; } = [];

        public string Name => "cheapest-then-select";

        public RoutingStep Decide(RoutingState state)
        {
            States.Add(state);
            return state.Replies.Count == 0
                ? new RoutingStep.CallModels([state.Pool.MinBy(c => c.OutputPerMTok)!.Id])
                : new RoutingStep.SelectReply(state.Replies[0].ModelId);
        }
    }
}

using AgentDemo.Agents;
using AgentDemo.Cli;
using AgentDemo.Routing;
using AgentDemo.Run;

namespace XRouter.AgentDemo.Tests.Agents;

public sealed class AgentVariantTests
{
    [Theory]
    [InlineData("af")]
    [InlineData("sk")]
    public async Task Each_agent_routes_every_query_as_the_fast_path_decides_and_prices_it(string variant)
    {
        var data = await DemoFixture.ShippedDataAsync();
        var kind = variant == "af" ? AgentKind.AgentFramework : AgentKind.SemanticKernel;
        var settings = DemoFixture.Offline(kind);
        var policy = DemoPolicy.Create();
        using var services = DemoXRouter.Build(data, settings, policy, DemoFixture.NoConfiguration);
        var agent = DemoAgents.Create(kind, services);

        var outcomes = await ReplayRun.RunAsync(agent, data.Log, new RoutingKnobs(settings.Lambda, null), grade: true, progress: null, CancellationToken.None);
        var expected = await DemoFixture.FastPathAsync(policy, data, settings.Lambda);

        Assert.Equal(data.Log.Count, outcomes.Count);
        Assert.All(outcomes.Zip(expected), pair =>
        {
            var (outcome, fast) = pair;
            Assert.Equal(fast.QueryId, outcome.Id);
            Assert.Equal(fast.ModelsCalled, outcome.Models);
            Assert.Equal(fast.FinalModel, outcome.SelectedModel);
            Assert.Equal(fast.CostUsd, outcome.CostUsd, 1e-12);
            Assert.Equal(fast.Score >= 1, outcome.Correct);
        });
    }

    [Theory]
    [InlineData("af")]
    [InlineData("sk")]
    public async Task A_selected_reply_is_the_models_recorded_answer_verbatim(string variant)
    {
        var data = await DemoFixture.ShippedDataAsync();
        var kind = variant == "af" ? AgentKind.AgentFramework : AgentKind.SemanticKernel;
        var settings = DemoFixture.Offline(kind);
        using var services = DemoXRouter.Build(data, settings, DemoPolicy.Create(), DemoFixture.NoConfiguration);
        var agent = DemoAgents.Create(kind, services);
        var entry = data.Log[0];

        var outcome = await ReplayRun.AskAsync(agent, entry.Id, entry.Task, entry.Prompt, entry, new RoutingKnobs(settings.Lambda, null), CancellationToken.None);

        Assert.Equal("select", outcome.Mode);
        Assert.Equal(entry.Outcomes[outcome.SelectedModel!].Response, outcome.Answer);
    }
}

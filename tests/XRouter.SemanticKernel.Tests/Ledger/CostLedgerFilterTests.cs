using Microsoft.Extensions.AI;
using XRouter.Policy.Data;
using XRouter.Policy.Replay;
using XRouter.SemanticKernel.Tests.TestSupport;

namespace XRouter.SemanticKernel.Tests.Ledger;

public sealed class CostLedgerFilterTests
{
    [Theory]
    [InlineData(null, null, 0.0123, 0.0123, true)]
    [InlineData(400L, 100L, 0.0123, 0.0123, false)]
    [InlineData(400L, 100L, null, (400 * 1.25 + 100 * 10.0) / 1e6, false)]
    public async Task A_replayed_call_costs_its_recorded_cost_else_tokens_times_price(long? input, long? output, double? recorded, double expected, bool expectEstimated)
    {
        var log = new[]
        {
            new RoutingLogEntry
            {
                Id = "q1",
                Prompt = "question",
                Outcomes = new Dictionary<string, ModelOutcome>
                {
                    ["model-a"] = new() { Score = 1, Response = "answer", InputTokens = input, OutputTokens = output, CostUsd = recorded },
                },
            },
        };
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", "p")), ScriptedBackbone.Select("call_model_a"));
        var kernel = RouterHarness.KernelWithClients(backbone, new Dictionary<string, IChatClient> { ["model-a"] = new ReplayFleet(log).CreateClient("model-a") });

        var reply = await RouterHarness.AskAsync(kernel, "question");

        var call = Assert.Single(reply.DownstreamCalls());
        Assert.Equal(expected, (double)call["cost_usd"]!, 1e-12);
        Assert.Equal(expectEstimated, (bool)call["usage_estimated"]!);
    }
}

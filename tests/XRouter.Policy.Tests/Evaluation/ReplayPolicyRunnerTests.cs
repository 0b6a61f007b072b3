using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Evaluation.Baselines;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Tests.Evaluation;

public sealed class ReplayPolicyRunnerTests
{
    private static readonly RoutingLogEntry s_entry = TestLog.Entry("q1", "math",
        ("cheap-a", 1, 0.001, "42"), ("cheap-b", 0, 0.002, "The answer is 41"), ("strong", 1, 0.05, "42"));

    private static readonly EvaluationDataset s_data = EvaluationDataset.Create([s_entry]);
    private static readonly EvaluationPool s_pool = EvaluationPool.FromRecordedCosts(s_data);

    [Fact]
    public async Task A_single_model_policy_scores_and_costs_its_model()
    {
        var result = await new ReplayPolicyRunner(s_pool).RunAsync(s_entry, new SingleModelPolicy("cheap-b"), 2, default);

        Assert.Equal(new QueryResult("q1", "math", "cheap-b", 2, 0, 0.002, result.ModelsCalled, "cheap-b", DecisionKind.Single), result);
        Assert.Equal(["cheap-b"], result.ModelsCalled);
    }

    [Fact]
    public async Task A_cascade_whose_cheap_answers_disagree_escalates_and_pays_for_all_three()
    {
        var result = await new ReplayPolicyRunner(s_pool).RunAsync(s_entry, new CascadePolicy("cheap-a", "cheap-b", "strong"), 0, default);

        Assert.Equal(["cheap-a", "cheap-b", "strong"], result.ModelsCalled);
        Assert.Equal(("strong", 1.0, DecisionKind.Select), (result.FinalModel, result.Score, result.Decision));
        Assert.Equal(0.053, result.CostUsd, 12);
    }

    [Fact]
    public async Task A_cascade_whose_cheap_answers_agree_stops_after_two_calls()
    {
        var entry = TestLog.Entry("q2", null, ("cheap-a", 1, 0.001, "B) wet palms"), ("cheap-b", 1, 0.002, "B"), ("strong", 1, 0.05, "B"));

        var result = await new ReplayPolicyRunner(s_pool).RunAsync(entry, new CascadePolicy("cheap-a", "cheap-b", "strong"), 0, default);

        Assert.Equal(["cheap-a", "cheap-b"], result.ModelsCalled);
        Assert.Equal("cheap-a", result.FinalModel);
    }

    [Fact]
    public async Task Models_called_together_take_as_long_as_the_slowest_and_turns_add_up()
    {
        var entry = s_entry with
        {
            Outcomes = s_entry.Outcomes.ToDictionary(
                o => o.Key,
                o => o.Value with { LatencyMs = o.Key switch { "cheap-a" => 100, "cheap-b" => 300, _ => 1000 } }),
        };

        var result = await new ReplayPolicyRunner(s_pool).RunAsync(entry, new CascadePolicy("cheap-a", "cheap-b", "strong"), 0, default);

        Assert.Equal(1300, result.LatencyMs);
    }

    [Fact]
    public async Task With_a_catalog_known_tokens_are_priced_at_catalog_prices()
    {
        var entry = new RoutingLogEntry
        {
            Id = "q",
            Prompt = "p",
            Outcomes = new Dictionary<string, ModelOutcome> { ["m"] = new() { Score = 1, InputTokens = 1_000_000, OutputTokens = 500_000, CostUsd = 99 } },
        };
        var catalog = new ModelCatalog([new ModelCard { Id = "m", InputPerMTok = 2, OutputPerMTok = 8 }]);
        var pool = EvaluationPool.FromCatalog(["m"], catalog);

        var result = await new ReplayPolicyRunner(pool).RunAsync(entry, new SingleModelPolicy("m"), 0, default);

        Assert.Equal(6.0, result.CostUsd, 12);
    }

    [Fact]
    public async Task Selecting_a_reply_that_was_never_requested_is_an_error()
    {
        var policy = new ScriptedPolicy(new RoutingStep.SelectReply("strong"));

        var error = await Assert.ThrowsAsync<EvaluationException>(() => new ReplayPolicyRunner(s_pool).RunAsync(s_entry, policy, 0, default).AsTask());

        Assert.Contains("without calling it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calling_a_model_outside_the_pool_is_an_error()
    {
        var policy = new ScriptedPolicy(new RoutingStep.CallModels(["other"]));

        var error = await Assert.ThrowsAsync<EvaluationException>(() => new ReplayPolicyRunner(s_pool).RunAsync(s_entry, policy, 0, default).AsTask());

        Assert.Contains("'other'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_that_never_ends_is_stopped_after_three_turns()
    {
        var call = new RoutingStep.CallModels(["cheap-a"]);
        var policy = new ScriptedPolicy(call, call, call, call);

        var error = await Assert.ThrowsAsync<EvaluationException>(() => new ReplayPolicyRunner(s_pool).RunAsync(s_entry, policy, 0, default).AsTask());

        Assert.Contains("within 3 turns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_repeating_a_recorded_reply_takes_its_score()
    {
        var policy = new ScriptedPolicy(new RoutingStep.CallModels(["cheap-a", "cheap-b"]), new RoutingStep.Answer("42"));

        var result = await new ReplayPolicyRunner(s_pool).RunAsync(s_entry, policy, 0, default);

        Assert.Equal((1.0, DecisionKind.MultiCall, (string?)null), (result.Score, result.Decision, result.FinalModel));
    }

    [Fact]
    public async Task An_unrecorded_direct_answer_cannot_be_scored_offline()
    {
        var policy = new ScriptedPolicy(new RoutingStep.Answer("my own words"));

        var error = await Assert.ThrowsAsync<EvaluationException>(() => new ReplayPolicyRunner(s_pool).RunAsync(s_entry, policy, 0, default).AsTask());

        Assert.Contains("cannot score", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_direct_answer_is_scored_and_costed_as_the_designated_model_s_recorded_outcome_with_no_call()
    {
        var pool = s_pool.WithDirectAnswerModel("strong");

        var result = await new ReplayPolicyRunner(pool).RunAsync(s_entry, new ScriptedPolicy(new RoutingStep.AnswerDirectly()), 0, default);

        Assert.Equal(("strong", 1.0, 0.05, DecisionKind.Direct), (result.FinalModel, result.Score, result.CostUsd, result.Decision));
        Assert.Empty(result.ModelsCalled);
        Assert.DoesNotContain(pool.Cards, c => c.Id == "strong");
    }

    [Fact]
    public async Task A_direct_answer_without_a_designated_model_is_refused()
    {
        var error = await Assert.ThrowsAsync<EvaluationException>(
            () => new ReplayPolicyRunner(s_pool).RunAsync(s_entry, new ScriptedPolicy(new RoutingStep.AnswerDirectly()), 0, default).AsTask());

        Assert.Contains("empty or unknown step", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Designating_a_model_outside_the_pool_as_the_direct_answerer_names_the_pool()
    {
        var error = Assert.Throws<EvaluationException>(() => s_pool.WithDirectAnswerModel("nobody"));

        Assert.Contains("'nobody' is not a model of the pool (cheap-a, cheap-b, strong)", error.Message, StringComparison.Ordinal);
    }

    private sealed class ScriptedPolicy(params RoutingStep[] steps) : IRoutingPolicy
    {
        public string Name => "scripted";

        public RoutingStep Decide(RoutingState state) => steps[state.Turn - 1];
    }
}

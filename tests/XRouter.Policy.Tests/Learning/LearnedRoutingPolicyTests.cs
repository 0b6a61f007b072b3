using XRouter.Policy.Catalog;
using XRouter.Policy.Learning;
using XRouter.Policy.Learning.Format;
using XRouter.Policy.Learning.Policy;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Tests.Learning;

public sealed class LearnedRoutingPolicyTests
{
    private static readonly Lazy<LearnedRoutingPolicy> s_policy = new(() => SyntheticRouting.Train());

    [Fact]
    public void Training_twice_with_the_same_seed_writes_identical_policy_files()
    {
        string first = Path.GetTempFileName();
        string second = Path.GetTempFileName();

        SyntheticRouting.Train(seed: 3).Save(first);
        SyntheticRouting.Train(seed: 3).Save(second);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_hard_query_goes_to_the_premium_model_and_an_easy_one_to_the_budget_model(bool taskNamed)
    {
        var pool = SyntheticRouting.Catalog().Models;

        var hard = FirstCall(s_policy.Value, SyntheticRouting.Prompt(1001, hard: true), pool, lambda: 20, TaskOf(taskNamed, hard: true));
        var easy = FirstCall(s_policy.Value, SyntheticRouting.Prompt(1000, hard: false), pool, lambda: 20, TaskOf(taskNamed, hard: false));

        Assert.Contains(SyntheticRouting.Premium, hard);
        Assert.Equal([SyntheticRouting.Budget], easy);
        Assert.True(!taskNamed || s_policy.Value.Content.Knowledge.Pairs.Tables.ContainsKey("proof"), "training counted no rates for the task");
    }

    [Fact]
    public void A_penalty_past_every_steps_cap_calls_the_cheapest_model()
    {
        // Past the cap every step keeps no reward, so all score alike; listed first, the premium model used to win that tie.
        var pool = SyntheticRouting.Catalog().Models.Reverse().ToList();

        var called = FirstCall(s_policy.Value, SyntheticRouting.Prompt(4001, hard: true), pool, lambda: 1e9, TaskOf(named: true, hard: true));

        Assert.Equal(SyntheticRouting.Premium, pool[0].Id);
        Assert.Equal([SyntheticRouting.Budget], called);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_catalog_price_cut_moves_decisions_to_the_cheapened_model_without_retraining(bool taskNamed)
    {
        var prompts = Enumerable.Range(2000, 20).Select(i => (Prompt: SyntheticRouting.Prompt(i, hard: i % 2 == 1), Task: TaskOf(taskNamed, hard: i % 2 == 1))).ToList();
        int PremiumCalls(ModelCatalog catalog) =>
            prompts.Count(p => FirstCall(s_policy.Value, p.Prompt, catalog.Models, lambda: 20, p.Task).Contains(SyntheticRouting.Premium));

        int before = PremiumCalls(SyntheticRouting.Catalog(budgetPrice: 0.1, premiumPrice: 10));
        int after = PremiumCalls(SyntheticRouting.Catalog(budgetPrice: 0.1, premiumPrice: 0.01));

        Assert.True(after > before, $"premium first calls: {before} at the list price, {after} after the cut");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_cheap_model_absent_from_training_that_the_catalog_ranks_premium_is_called_on_hard_queries(bool taskNamed)
    {
        var pool = SyntheticRouting.Catalog().Models
            .Append(new ModelCard { Id = "newcomer", Tier = ModelTier.Premium, InputPerMTok = 0.05, OutputPerMTok = 0.05 })
            .ToList();

        var called = FirstCall(s_policy.Value, SyntheticRouting.Prompt(3001, hard: true), pool, lambda: 20, TaskOf(taskNamed, hard: true));

        Assert.DoesNotContain("newcomer", s_policy.Value.TrainedModels);
        Assert.Contains("newcomer", called);
    }

    [Fact]
    public void After_a_reply_the_policy_ends_by_selecting_a_called_model_on_the_last_turn()
    {
        var pool = SyntheticRouting.Catalog().Models;
        var query = new RoutingQuery("q", SyntheticRouting.Prompt(5, hard: false));

        var step = s_policy.Value.Decide(new RoutingState(query, pool, [new ModelReply(SyntheticRouting.Budget, "Answer: 5")], Turn: 3, CostPenalty: 20));

        Assert.Equal(new RoutingStep.SelectReply(SyntheticRouting.Budget), step);
    }

    [Fact]
    public void A_saved_policy_loads_and_decides_as_the_trained_one()
    {
        string path = Path.GetTempFileName();
        s_policy.Value.Save(path);
        var pool = SyntheticRouting.Catalog().Models;

        var loaded = LearnedRoutingPolicy.Load(path);

        foreach (int i in Enumerable.Range(0, 10))
        {
            string prompt = SyntheticRouting.Prompt(i, hard: i % 2 == 0);
            Assert.Equal(FirstCall(s_policy.Value, prompt, pool, 20), FirstCall(loaded, prompt, pool, 20));
        }
    }

    [Fact]
    public void A_policy_file_of_another_version_is_refused_naming_both_versions()
    {
        string path = Path.GetTempFileName();
        s_policy.Value.Save(path);
        File.WriteAllText(path, File.ReadAllText(path).Replace($"\"version\": {PolicyFile.Version}", "\"version\": 99", StringComparison.Ordinal));

        var error = Assert.Throws<PolicyFileException>(() => LearnedRoutingPolicy.Load(path));

        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains($"version {PolicyFile.Version} only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_file_with_a_repeated_property_is_refused_naming_it()
    {
        string path = Path.GetTempFileName();
        s_policy.Value.Save(path);
        string format = $"\"format\": \"{PolicyFile.FormatName}\"";
        File.WriteAllText(path, File.ReadAllText(path).Replace(format, format + ", " + format, StringComparison.Ordinal));

        var error = Assert.Throws<PolicyFileException>(() => LearnedRoutingPolicy.Load(path));

        Assert.Contains("'format'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_policy_is_refused_with_a_clear_message()
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, """{"models": []}""");

        var error = Assert.Throws<PolicyFileException>(() => LearnedRoutingPolicy.Load(path));

        Assert.Contains("not a policy file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_policy_loads_from_the_assembly_and_calls_a_model_of_the_pool()
    {
        var policy = LearnedRoutingPolicy.LoadDefault();
        var pool = policy.TrainedModels.Select(id => new ModelCard { Id = id, InputPerMTok = 1, OutputPerMTok = 2 }).ToList();

        var step = policy.Decide(new RoutingState(new RoutingQuery("q", "What is 2 + 2?"), pool, [], 1, 10));
        Assert.All(SyntheticRouting.Called(step), id => Assert.Contains(id, policy.TrainedModels));
    }

    [Fact]
    public void A_designated_direct_answer_model_that_is_the_best_value_answers_directly()
    {
        var catalog = SyntheticRouting.Catalog();
        var query = new RoutingQuery("q", SyntheticRouting.Prompt(6001, hard: true));

        var step = s_policy.Value.Decide(new RoutingState(query, [catalog.Get(SyntheticRouting.Budget)], [], 1, 0, catalog.Get(SyntheticRouting.Premium)));

        Assert.IsType<RoutingStep.AnswerDirectly>(step);
    }

    [Fact]
    public void A_designated_direct_answer_model_that_costs_more_than_it_is_worth_leaves_the_query_to_the_tools()
    {
        var catalog = SyntheticRouting.Catalog();
        var query = new RoutingQuery("q", SyntheticRouting.Prompt(6000, hard: false));

        var step = s_policy.Value.Decide(new RoutingState(query, [catalog.Get(SyntheticRouting.Budget)], [], 1, 20, catalog.Get(SyntheticRouting.Premium)));

        Assert.Equal([SyntheticRouting.Budget], SyntheticRouting.Called(step));
    }

    [Fact]
    public void A_route_step_is_taken_only_where_every_reply_would_be_selected()
    {
        var pool = SyntheticRouting.Catalog().Models;
        string[] replies = ["Answer: 1", "Answer: 2", "I cannot tell."];
        var routed = new List<string>();

        foreach (double lambda in new[] { 0.0, 20, 2000 })
        {
            foreach (int i in Enumerable.Range(4000, 10))
            {
                var query = new RoutingQuery("q" + i, SyntheticRouting.Prompt(i, hard: i % 2 == 1));
                if (s_policy.Value.Decide(new RoutingState(query, pool, [], 1, lambda)) is RoutingStep.Route route)
                {
                    routed.Add(route.ModelId);
                    Assert.All(replies, reply => Assert.Equal(
                        new RoutingStep.SelectReply(route.ModelId),
                        s_policy.Value.Decide(new RoutingState(query, pool, [new ModelReply(route.ModelId, reply)], 2, lambda))));
                }
            }
        }

        Assert.NotEmpty(routed);
    }

    [Fact]
    public void A_call_whose_reply_decides_whether_to_escalate_is_not_a_route_step()
    {
        // A cascade by hand: call the cheap model, select a reply that states an answer, escalate on one that does not.
        var policy = WithStepWeights(s_policy.Value, new()
        {
            ["one.penalty"] = -10, ["pair.bias"] = -100, ["select.bias"] = 1, ["select.p"] = 1, ["select.unparsed"] = -3,
        });
        var pool = SyntheticRouting.Catalog().Models;
        var query = new RoutingQuery("q", SyntheticRouting.Prompt(7, hard: false));
        RoutingStep After(string reply) => policy.Decide(new RoutingState(query, pool, [new ModelReply(SyntheticRouting.Budget, reply)], 2, 20));

        var first = policy.Decide(new RoutingState(query, pool, [], 1, 20));

        Assert.Equal([SyntheticRouting.Budget], Assert.IsType<RoutingStep.CallModels>(first).ModelIds);
        Assert.Equal(new RoutingStep.SelectReply(SyntheticRouting.Budget), After("Answer: 0"));
        Assert.Equal(new RoutingStep.Route(SyntheticRouting.Premium), After("I cannot tell."));
    }

    [Fact]
    public void A_call_after_a_reply_that_states_an_answer_is_a_route_step_when_the_last_turn_would_select_it_whatever_it_says()
    {
        // By hand: never settle for the budget reply, and on the last turn take the likelier reply.
        var policy = WithStepWeights(s_policy.Value, new() { ["one.penalty"] = -10, ["pair.bias"] = -100, ["select.bias"] = -3, ["select.p"] = 1 });
        var pool = SyntheticRouting.Catalog().Models;
        var query = new RoutingQuery("q", SyntheticRouting.Prompt(9, hard: true));

        var step = policy.Decide(new RoutingState(query, pool, [new ModelReply(SyntheticRouting.Budget, "Answer: 1")], 2, 20));

        Assert.Equal(new RoutingStep.Route(SyntheticRouting.Premium), step);
    }

    private static LearnedRoutingPolicy WithStepWeights(LearnedRoutingPolicy trained, Dictionary<string, float> weights)
    {
        var all = new float[ActionFeatures.Count];
        foreach (var (name, weight) in weights)
        {
            all[ActionFeatures.Names.ToList().IndexOf(name)] = weight;
        }

        return new LearnedRoutingPolicy(trained.Content with { Scorer = new LinearActionScorer(all) }, "by-hand");
    }

    private static IReadOnlyList<string> FirstCall(LearnedRoutingPolicy policy, string prompt, IReadOnlyList<ModelCard> pool, double lambda, string? task = null) =>
        SyntheticRouting.Called(policy.Decide(new RoutingState(new RoutingQuery("q", prompt, task), pool, [], 1, lambda)));

    // With its task named, a request is decided on the counted rates of that task; without, on the modelled estimates
    // (these prompts' numbers are unlike every training prompt's, so no task is recognized for them).
    private static string? TaskOf(bool named, bool hard) => named ? (hard ? "proof" : "count") : null;
}

using XRouter.Policy.Catalog;
using XRouter.Policy.Learning;
using XRouter.Policy.Learning.Format;
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

    [Fact]
    public void A_hard_query_goes_to_the_premium_model_and_an_easy_one_to_the_budget_model()
    {
        var pool = SyntheticRouting.Catalog().Models;

        var hard = FirstCall(s_policy.Value, SyntheticRouting.Prompt(1001, hard: true), pool, lambda: 20);
        var easy = FirstCall(s_policy.Value, SyntheticRouting.Prompt(1000, hard: false), pool, lambda: 20);

        Assert.Contains(SyntheticRouting.Premium, hard);
        Assert.Equal([SyntheticRouting.Budget], easy);
    }

    [Fact]
    public void A_catalog_price_cut_moves_decisions_to_the_cheapened_model_without_retraining()
    {
        var prompts = Enumerable.Range(2000, 20).Select(i => SyntheticRouting.Prompt(i, hard: i % 2 == 1)).ToList();
        int PremiumCalls(ModelCatalog catalog) =>
            prompts.Count(p => FirstCall(s_policy.Value, p, catalog.Models, lambda: 20).Contains(SyntheticRouting.Premium));

        int before = PremiumCalls(SyntheticRouting.Catalog(budgetPrice: 0.1, premiumPrice: 10));
        int after = PremiumCalls(SyntheticRouting.Catalog(budgetPrice: 0.1, premiumPrice: 0.01));

        Assert.True(after > before, $"premium first calls: {before} at the list price, {after} after the cut");
    }

    [Fact]
    public void A_cheap_model_absent_from_training_that_the_catalog_ranks_premium_is_called_on_hard_queries()
    {
        var pool = SyntheticRouting.Catalog().Models
            .Append(new ModelCard { Id = "newcomer", Tier = ModelTier.Premium, InputPerMTok = 0.05, OutputPerMTok = 0.05 })
            .ToList();

        var called = FirstCall(s_policy.Value, SyntheticRouting.Prompt(3001, hard: true), pool, lambda: 20);

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

        var call = Assert.IsType<RoutingStep.CallModels>(step);
        Assert.All(call.ModelIds, id => Assert.Contains(id, policy.TrainedModels));
    }

    private static IReadOnlyList<string> FirstCall(LearnedRoutingPolicy policy, string prompt, IReadOnlyList<ModelCard> pool, double lambda)
    {
        var step = policy.Decide(new RoutingState(new RoutingQuery("q", prompt), pool, [], 1, lambda));
        return Assert.IsType<RoutingStep.CallModels>(step).ModelIds;
    }
}

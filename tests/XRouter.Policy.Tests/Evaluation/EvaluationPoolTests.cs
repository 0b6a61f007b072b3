using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Learning;
using XRouter.Policy.Routing;
using XRouter.Testing;

namespace XRouter.Policy.Tests.Evaluation;

public sealed class EvaluationPoolTests
{
    [Fact]
    public void Cards_from_recorded_costs_price_input_and_output_tokens_apart()
    {
        // Recorded at $10 per 1M input and $30 per 1M output tokens (4 characters a token): quizzes with one-letter
        // replies and code questions with long replies.
        static RoutingLogEntry Call(string id, int promptChars, int replyChars) => new()
        {
            Id = id,
            Prompt = new string('p', promptChars),
            Outcomes = new Dictionary<string, ModelOutcome>
            {
                ["m"] = new() { Score = 1, Response = new string('r', replyChars), CostUsd = ((promptChars * 10.0) + (replyChars * 30.0)) / 4 / 1_000_000 },
            },
        };
        var log = EvaluationDataset.Create([Call("quiz1", 4000, 4), Call("quiz2", 3000, 4), Call("code1", 600, 1200), Call("code2", 800, 1000)]);

        var card = Assert.Single(EvaluationPool.FromRecordedCosts(log).Cards);

        Assert.Equal(10, card.InputPerMTok, 6);
        Assert.Equal(30, card.OutputPerMTok, 6);
    }

    [SharedAssetsFact]
    public void On_the_RouterBench_slice_the_default_policy_estimates_GPT4s_code_replies_at_their_recorded_cost()
    {
        static EvaluationDataset Split(string suffix) => EvaluationDataset.Create(RouterBenchCsv.ReadFiles(
            Directory.GetFiles(SharedAssets.PathOf("data", "routerbench-subset"), $"*_{suffix}.csv").Order(StringComparer.Ordinal)));
        var pool = EvaluationPool.FromRecordedCosts(Split("train"));
        var mbpp = Split("test").Entries.Where(e => e.Task == "mbpp").ToList();
        var knowledge = LearnedRoutingPolicy.LoadDefault().Content.Knowledge;
        int gpt4 = pool.Cards.ToList().FindIndex(c => c.Id == "gpt-4-1106-preview");

        double estimated = mbpp.Average(e => knowledge.Assess(new RoutingQuery(e.Id, e.Prompt, e.Task), pool.Cards).Cost[gpt4]);
        double recorded = mbpp.Average(e => e.Outcomes["gpt-4-1106-preview"].CostUsd!.Value);

        Assert.InRange(estimated / recorded, 0.9, 1.1);
    }
}

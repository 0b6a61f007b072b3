using XRouter.Policy.Learning.Policy;
using XRouter.Policy.Learning.Success;

namespace XRouter.Policy.Tests.Learning.Policy;

public sealed class DecisionContextTests
{
    [Fact]
    public void Two_agreeing_replies_are_more_likely_right_than_either_estimate_and_disagreeing_ones_less()
    {
        var agree = Context(("A", "A"));
        var disagree = Context(("A", "B"));

        Assert.True(agree.Posterior(0) > 0.8, $"after agreement: {agree.Posterior(0)}");
        Assert.True(disagree.Posterior(0) < 0.7 && disagree.Posterior(1) < 0.6, $"after disagreement: {disagree.Posterior(0)}, {disagree.Posterior(1)}");
        Assert.True(disagree.Posterior(0) > disagree.Posterior(1), "the better-estimated model stays the likelier one");
    }

    [Fact]
    public void A_third_model_is_judged_harder_after_a_disagreement_by_its_escalation_lift()
    {
        var agree = Context(("A", "A"));
        var disagree = Context(("A", "B"));

        Assert.Equal(0.9, agree.EscalationP(2), 6);
        Assert.Equal(0.9 * 0.8, disagree.EscalationP(2), 5);
    }

    [Fact]
    public void A_reply_two_others_agree_against_is_the_less_likely_one_however_well_its_model_is_estimated()
    {
        var context = Context((2, "B"), (0, "A"), (1, "A"));

        Assert.True(context.Posterior(1) > 0.9, $"the agreeing pair: {context.Posterior(1)}");
        Assert.True(context.Posterior(0) < 0.1, $"the outvoted reply of the 0.9 model: {context.Posterior(0)}");
    }

    [Fact]
    public void As_counted_a_reply_two_others_agree_against_is_the_less_likely_one_however_well_its_model_is_estimated()
    {
        // Model 2 is never right and estimated best.
        var context = new DecisionContext([0.3, 0.3, 0.9], [0.001, 0.001, 0.01], [1, 1, 1], CountedMathQueries.View(CountedMathQueries.Task), lambda: 10, maxPenalty: 1);
        context.Record(2, "W2");
        context.Record(0, "A");
        context.Record(1, "A");

        Assert.True(context.ObservedPosterior(0) < 0.1, $"the outvoted reply of the 0.9 model: {context.ObservedPosterior(0)}");
        Assert.True(context.ObservedPosterior(2) > 0.9, $"the agreeing pair: {context.ObservedPosterior(2)}");
    }

    [Fact]
    public void As_counted_a_reply_stating_no_answer_is_as_likely_right_as_its_model_s_replies_that_stated_none()
    {
        // On 100 "math" queries model 0 is right, stating an answer, on even queries and states none on odd ones; model 1 is never right.
        const int queries = 100;
        var success = Enumerable.Range(0, queries).Select(q => new[] { q % 2 == 0, false }).ToList();
        var answers = Enumerable.Range(0, queries).Select(q => new[] { q % 2 == 0 ? "A" : null, "W" }).ToList();
        var p = success.Select(_ => new[] { 0.5, 0.5 }).ToList();
        var pairs = PairStatistics.Fit([.. Enumerable.Repeat<string?>("math", queries)], p, success, answers).View([0, 1], "math", [[0], [1]]);
        var context = new DecisionContext([0.5, 0.5], [0.001, 0.001], [1, 1], pairs, lambda: 10, maxPenalty: 1);
        context.Record(0, null);
        context.Record(1, "W");

        Assert.True(context.ObservedPosterior(0) < 0.1, $"the reply stating no answer, where the two disagreed: {context.ObservedPosterior(0)}");
    }

    [Fact]
    public void A_kind_of_reply_its_model_never_gave_on_the_task_is_judged_by_its_estimate_not_as_never_right()
    {
        // Model 0 stated an answer on every counted query.
        var context = new DecisionContext([0.9, 0.6, 0.2], [0.001, 0.001, 0.01], [1, 1, 1], CountedMathQueries.View(CountedMathQueries.Task), lambda: 10, maxPenalty: 1);
        context.Record(0, null);

        Assert.Equal(0.9, context.ObservedPosterior(0), 6);
    }

    // Models 0 and 1 (estimated 0.7 and 0.6), model 2 (0.9): right replies always agree, wrong ones one time in five,
    // a split never, no correlation; model 2 succeeds 0.8 times as often as estimated where two others disagreed.
    private static DecisionContext Context((string First, string Second) answers) => Context((0, answers.First), (1, answers.Second));

    private static DecisionContext Context(params (int Model, string Answer)[] replies)
    {
        var table = new PairTable(Fill(9, 1), Fill(9, 0.2f), Fill(9, 0), Fill(9, 0), [1, 1, 0.8f], CascadeRates.None(3));
        var pairs = PairStatistics.FromTables(3, new Dictionary<string, PairTable> { [PairStatistics.AllTasks] = table }).View([0, 1, 2], null, [[0], [1], [2]]);
        var context = new DecisionContext([0.7, 0.6, 0.9], [0.001, 0.001, 0.01], [1, 1, 1], pairs, lambda: 10, maxPenalty: 1);
        foreach (var (model, answer) in replies)
        {
            context.Record(model, answer);
        }

        return context;
    }

    private static float[] Fill(int length, float value) => Enumerable.Repeat(value, length).ToArray();
}

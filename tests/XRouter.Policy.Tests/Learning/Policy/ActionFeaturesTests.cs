using XRouter.Policy.Learning.Policy;

namespace XRouter.Policy.Tests.Learning.Policy;

public sealed class ActionFeaturesTests
{
    [Fact]
    public void A_request_of_a_task_training_counted_is_described_by_the_counted_features_only()
    {
        var features = Features(CountedMathQueries.Task);

        Assert.All(Enumerable.Range(0, features.Length), i =>
            Assert.True(i % ActionFeatures.Count >= ActionFeatures.ModelledCount || features[i] == 0, $"modelled feature {i % ActionFeatures.Count} is {features[i]}"));
        Assert.Contains(features, v => v != 0);
    }

    [Fact]
    public void A_request_that_names_no_task_is_described_by_the_modelled_features_only()
    {
        var features = Features(null);

        Assert.All(Enumerable.Range(0, features.Length), i =>
            Assert.True(i % ActionFeatures.Count < ActionFeatures.ModelledCount || features[i] == 0, $"counted feature {i % ActionFeatures.Count} is {features[i]}"));
        Assert.Contains(features, v => v != 0);
    }

    [Fact]
    public void A_pair_that_escalates_on_disagreement_is_expected_to_cost_the_third_call_too()
    {
        // Models 1 and 2 never state one answer, and model 0 is right on every query they split.
        var (candidates, _, expectedCost) = Described(CountedMathQueries.Task);

        int pair = candidates.IndexOf(new CandidateAction(ActionKind.CallPair, 1, 2));
        int single = candidates.IndexOf(new CandidateAction(ActionKind.CallOne, 1));

        Assert.Equal(0.0005 + 0.0001 + 0.001, expectedCost[pair], 12);
        Assert.Equal(0.0005, expectedCost[single], 12);
    }

    [Fact]
    public void Replies_stating_one_answer_are_one_selection_that_returns_the_latest_of_them()
    {
        var context = Context(CountedMathQueries.Task);
        context.Record(0, "A");
        context.Record(1, null);
        context.Record(2, "A");

        var selections = ActionFeatures.Candidates(context).Where(c => c.Kind == ActionKind.Select).Select(c => c.First);

        Assert.Equal([1, 2], selections);
    }

    private static float[] Features(string? task) => Described(task).Features;

    private static (List<CandidateAction> Candidates, float[] Features, double[] ExpectedCost) Described(string? task)
    {
        var context = Context(task);
        var candidates = ActionFeatures.Candidates(context);
        var features = new float[candidates.Count * ActionFeatures.Count];
        var expectedCost = new double[candidates.Count];
        ActionFeatures.Write(context, candidates, features, expectedCost);
        return (candidates, features, expectedCost);
    }

    private static DecisionContext Context(string? task) =>
        new([0.9, 0.6, 0.2], [0.001, 0.0005, 0.0001], [1, 1, 1], CountedMathQueries.View(task), lambda: 10, maxPenalty: 1);
}

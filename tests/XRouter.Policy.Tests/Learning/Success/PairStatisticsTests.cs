using XRouter.Policy.Learning.Success;

namespace XRouter.Policy.Tests.Learning.Success;

public sealed class PairStatisticsTests
{
    private const int Queries = 400;

    [Fact]
    public void Two_models_that_succeed_on_the_same_queries_get_a_positive_correlation_and_independent_ones_about_none()
    {
        // Models 0 and 1 succeed on the same half of the queries; model 2 on every other query of each half.
        var (p, success, answers) = Outcomes(q => [q % 2 == 0, q % 2 == 0, q % 4 < 2]);

        var table = PairStatistics.Fit(Tasks(null), p, success, answers).Tables[PairStatistics.AllTasks];

        Assert.True(table.Correlation[(0 * 3) + 1] > 0.9, $"correlated pair: {table.Correlation[1]}");
        Assert.InRange(table.Correlation[(0 * 3) + 2], -0.1, 0.1);
    }

    [Fact]
    public void Wrong_replies_that_name_the_same_option_raise_the_rate_at_which_wrong_replies_agree()
    {
        // Both models are wrong on odd queries; there model 1 repeats model 0's wrong option on the queries given.
        var (p, success, _) = Outcomes(q => [q % 2 == 0, q % 2 == 0, true]);
        string?[] Answers(int q, bool sameWrong) => [q % 2 == 0 ? "A" : "B", q % 2 == 0 ? "A" : sameWrong ? "B" : "C", "A"];

        var agreeing = PairStatistics.Fit(Tasks(null), p, success, [.. Enumerable.Range(0, Queries).Select(q => Answers(q, true))]);
        var differing = PairStatistics.Fit(Tasks(null), p, success, [.. Enumerable.Range(0, Queries).Select(q => Answers(q, false))]);

        Assert.True(agreeing.Tables[PairStatistics.AllTasks].AgreeWrong[1] > 0.95);
        Assert.True(differing.Tables[PairStatistics.AllTasks].AgreeWrong[1] < 0.05);
        Assert.True(agreeing.Tables[PairStatistics.AllTasks].AgreeRight[1] > 0.95);
    }

    [Fact]
    public void A_task_with_enough_queries_gets_its_own_table_and_a_model_training_never_saw_takes_the_mean_rates()
    {
        var (p, success, answers) = Outcomes(q => [q % 2 == 0, q % 2 == 0, q % 3 == 0]);

        var statistics = PairStatistics.Fit(Tasks("math"), p, success, answers);
        var view = statistics.View([0, 1, -1], "math", [[0], [1], [0, 1]]);

        Assert.True(statistics.Tables.ContainsKey("math"));
        var table = statistics.Tables["math"];
        double meanCorrelation = (table.Correlation[1] + table.Correlation[2] + table.Correlation[5]) / 3;
        Assert.Equal(meanCorrelation, view.Correlation(0, 2), 5);
        Assert.Equal(table.Correlation[1], view.Correlation(0, 1), 5);
    }

    [Fact]
    public void Counted_rates_are_read_for_the_request_s_own_task_only()
    {
        var (p, success, answers) = Outcomes(q => [q % 2 == 0, q % 2 == 0, true]);
        var statistics = PairStatistics.Fit(Tasks("math"), p, success, answers);

        var ownTask = statistics.View([0, 1, 2], "math", [[0], [1], [2]]);
        var otherTask = statistics.View([0, 1, 2], "poetry", [[0], [1], [2]]);
        var noTask = statistics.View([0, 1, 2], null, [[0], [1], [2]]);

        Assert.Equal(1, ownTask.ObservedRight(2)!.Value, 6);
        Assert.Equal(0.5, ownTask.Observed(0, 1)!.Value.AgreeRight, 6);
        Assert.Null(otherTask.ObservedRight(2));
        Assert.Null(otherTask.Observed(0, 1));
        Assert.Null(noTask.Observed(0, 1));
    }

    [Fact]
    public void A_model_training_never_saw_reads_the_counted_rates_of_the_models_standing_in_for_it()
    {
        // Model 0 is always right, model 1 on even queries; model 2 is right on every query.
        var (p, success, answers) = Outcomes(q => [true, q % 2 == 0, true]);
        var statistics = PairStatistics.Fit(Tasks("math"), p, success, answers);

        var view = statistics.View([2, -1], "math", [[2], [0, 1]]);

        Assert.Equal(0.75, view.ObservedRight(1)!.Value, 6);
        double agreeRight = (statistics.Tables["math"].Observed.AgreeRight[(2 * 3) + 0] + statistics.Tables["math"].Observed.AgreeRight[(2 * 3) + 1]) / 2;
        Assert.Equal(agreeRight, view.Observed(0, 1)!.Value.AgreeRight, 6);
    }

    private static List<string?> Tasks(string? task) => [.. Enumerable.Repeat(task, Queries)];

    // Every model is estimated at its training success rate (0.5), so all correlation is left for the pair table.
    private static (List<double[]> P, List<bool[]> Success, List<string?[]> Answers) Outcomes(Func<int, bool[]> success)
    {
        var rows = Enumerable.Range(0, Queries).Select(success).ToList();
        var p = rows.Select(r => r.Select(_ => 0.5).ToArray()).ToList();
        var answers = rows.Select(r => r.Select((right, m) => right ? "A" : ((string?)("W" + m))).ToArray()).ToList();
        return (p, rows, answers);
    }
}

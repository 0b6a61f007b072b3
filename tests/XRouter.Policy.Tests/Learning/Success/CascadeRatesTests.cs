using XRouter.Policy.Learning.Success;

namespace XRouter.Policy.Tests.Learning.Success;

public sealed class CascadeRatesTests
{
    [Fact]
    public void Counts_how_often_a_pair_agrees_rightly_and_who_is_right_where_it_does_not()
    {
        // Four queries, three models. Models 0 and 1 agree (rightly) on query 0 and (wrongly) on query 1; they
        // disagree on queries 2 and 3, where model 0, then model 2, is right. Model 2's reply never states an answer.
        bool[][] success = [[true, true, false], [false, false, true], [true, false, false], [false, false, true]];
        string?[][] answers = [["A", "A", null], ["B", "B", null], ["A", "C", null], ["B", "C", null]];

        var rates = CascadeRates.Fit([0, 1, 2, 3], 3, success, answers);

        Assert.Equal(0.5, rates.Agree[(0 * 3) + 1], 6);
        Assert.Equal(0.25, rates.AgreeRight[(0 * 3) + 1], 6);
        Assert.Equal(0.25, rates.DisagreeRight[(0 * 3) + 1], 6);
        Assert.Equal(0, rates.DisagreeRight[(1 * 3) + 0], 6);
        Assert.Equal(0.25, rates.Escalation[(((0 * 3) + 1) * 3) + 2], 6);
        Assert.Equal(0.5, rates.Right[2], 6);
        Assert.Equal(0, rates.Parsed[2], 6);
    }

    [Fact]
    public void An_unparsed_reply_never_agrees_so_a_pair_of_code_replies_always_escalates()
    {
        bool[][] success = [[true, true, true], [true, true, false]];
        string?[][] answers = [[null, null, null], [null, null, null]];

        var rates = CascadeRates.Fit([0, 1], 3, success, answers);

        Assert.Equal(0, rates.Agree[(0 * 3) + 1], 6);
        Assert.Equal(1, rates.DisagreeRight[(0 * 3) + 1], 6);
        Assert.Equal(0.5, rates.Escalation[(((0 * 3) + 1) * 3) + 2], 6);
    }
}

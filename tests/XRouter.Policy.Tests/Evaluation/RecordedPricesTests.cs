using XRouter.Policy.Evaluation;

namespace XRouter.Policy.Tests.Evaluation;

public sealed class RecordedPricesTests
{
    [Fact]
    public void Input_and_output_prices_are_told_apart_when_calls_mix_them_differently()
    {
        // $10 and $30 per 1M tokens: short replies to long prompts, and long replies to short prompts.
        var calls = new[] { (800.0, 1.0), (600.0, 2.0), (150.0, 300.0), (200.0, 250.0) }
            .Select(c => (c.Item1, c.Item2, ((c.Item1 * 10) + (c.Item2 * 30)) / 1_000_000));

        var (input, output) = RecordedPrices.Fit(calls);

        Assert.Equal(10, input, 6);
        Assert.Equal(30, output, 6);
    }

    [Fact]
    public void Proportional_tokens_fall_back_to_one_price_for_both()
    {
        var calls = new[] { (100.0, 10.0, 0.002), (300.0, 30.0, 0.006) };

        var (input, output) = RecordedPrices.Fit(calls);

        Assert.Equal(0.006 + 0.002, 440 * input / 1_000_000, 9);
        Assert.Equal(input, output);
    }

    [Fact]
    public void A_fit_that_would_price_one_kind_below_zero_falls_back_to_one_price_for_both()
    {
        // The second call has more of both tokens but costs less: no non-negative pair of prices explains it.
        var calls = new[] { (100.0, 10.0, 0.004), (200.0, 100.0, 0.001) };

        var (input, output) = RecordedPrices.Fit(calls);

        Assert.Equal(input, output);
        Assert.True(input > 0);
    }
}

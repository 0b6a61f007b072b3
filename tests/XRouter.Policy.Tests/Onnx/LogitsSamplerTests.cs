using XRouter.Policy.Onnx;

namespace XRouter.Policy.Tests.Onnx;

public sealed class LogitsSamplerTests
{
    [Fact]
    public void GreedyPicksTheLargestLogit()
    {
        var sampler = new LogitsSampler(new DecodingOptions(), 4);

        int token = sampler.Next([0.1f, 2f, -1f, 1.9f], []);

        Assert.Equal(1, token);
    }

    // 2.0 / 1.5 = 1.33 falls below the untouched 1.9, so the repeated token loses.
    [Fact]
    public void RepetitionPenaltyDemotesTokensAlreadyInTheSequence()
    {
        var sampler = new LogitsSampler(new DecodingOptions { RepetitionPenalty = 1.5f }, 4);

        int token = sampler.Next([0.1f, 2f, -1f, 1.9f], [1, 1]);

        Assert.Equal(3, token);
    }

    [Fact]
    public void TopKOfOneAlwaysSamplesTheBestToken()
    {
        var sampler = new LogitsSampler(new DecodingOptions { Temperature = 5f, TopK = 1, Seed = 1 }, 4);

        var tokens = Enumerable.Range(0, 50).Select(_ => sampler.Next([0.1f, 2f, -1f, 1.9f], [])).Distinct();

        Assert.Equal([1], tokens);
    }

    [Fact]
    public void TopPKeepsOnlyTheSmallestSetReachingTheMass()
    {
        // Probabilities at temperature 1 are about 0.87, 0.12, 0.0002, 0.00002: top-p 0.5 keeps one token.
        var sampler = new LogitsSampler(new DecodingOptions { Temperature = 1f, TopP = 0.5f, Seed = 3 }, 4);

        var tokens = Enumerable.Range(0, 50).Select(_ => sampler.Next([2f, 0f, -6.5f, -9f], [])).Distinct();

        Assert.Equal([0], tokens);
    }

    [Fact]
    public void HighTemperatureSamplingVisitsMoreThanOneToken()
    {
        var sampler = new LogitsSampler(new DecodingOptions { Temperature = 10f, Seed = 5 }, 4);

        var tokens = Enumerable.Range(0, 200).Select(_ => sampler.Next([0.1f, 2f, -1f, 1.9f], [])).Distinct().Count();

        Assert.True(tokens > 1);
    }

    [Theory]
    [InlineData(0, 0f, 1f, 1f)]
    [InlineData(1, -1f, 1f, 1f)]
    [InlineData(1, 0f, 0f, 1f)]
    [InlineData(1, 0f, 1f, 0f)]
    public void InvalidSettingsAreRejected(int maxTokens, float temperature, float topP, float penalty)
    {
        var options = new DecodingOptions { MaxNewTokens = maxTokens, Temperature = temperature, TopP = topP, RepetitionPenalty = penalty };

        Assert.ThrowsAny<ArgumentException>(options.Validate);
    }
}

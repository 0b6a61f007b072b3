using XRouter.Policy.Learning.Features;

namespace XRouter.Policy.Tests.Learning.Features;

public sealed class HashedTextFeaturizerTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(100)]
    public void A_featurization_lists_each_bucket_once_ascending_and_leaves_nothing_for_the_next(int buckets)
    {
        var featurizer = HashedTextFeaturizer.Fit(["How many apples are in the basket?", "Prove the lemma about prime gaps."], buckets);
        const string text = "How many pears are in basket 7?";

        var first = featurizer.Featurize(text);
        featurizer.Featurize("An entirely different text, with other words and other grams: zebra quartz.");
        var again = featurizer.Featurize(text);

        var hashed = first.Indices.Where(i => i < buckets).ToArray();
        Assert.True(hashed.Zip(hashed.Skip(1)).All(pair => pair.First < pair.Second), "hashed buckets are not strictly ascending");
        Assert.Equal(first.Indices, again.Indices);
        Assert.Equal(first.Values, again.Values);
    }
}

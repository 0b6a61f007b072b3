using XRouter.Policy.Learning.Features;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Tests.Learning.Features;

public sealed class QueryFeaturizerTests
{
    private static readonly HashedTextFeaturizer s_text = HashedTextFeaturizer.Fit(["How many apples are in the basket?", "Prove the lemma about prime gaps."], 64);

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void A_task_added_to_task_less_features_gives_the_features_of_the_query_naming_it(int embeddingDimensions)
    {
        var featurizer = new QueryFeaturizer(s_text, embeddingDimensions);
        float[] embedding = [.. Enumerable.Range(1, embeddingDimensions).Select(i => (float)i)];
        var query = new RoutingQuery("q", "How many pears are in basket 7?") { Embedding = embedding };

        var added = featurizer.WithTask(featurizer.Featurize(query), "count");
        var named = featurizer.Featurize(query with { Task = "count" });

        Assert.Equal(named.Indices, added.Indices);
        Assert.Equal(named.Values, added.Values);
    }
}

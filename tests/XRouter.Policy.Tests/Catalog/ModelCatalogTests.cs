using XRouter.Policy.Catalog;

namespace XRouter.Policy.Tests.Catalog;

public sealed class ModelCatalogTests
{
    private static readonly ModelCatalog s_catalog = new([
        new ModelCard { Id = "gpt-5", InputPerMTok = 1.25, OutputPerMTok = 10, CachedInputPerMTok = 0.125 },
        new ModelCard { Id = "gpt-5-nano", InputPerMTok = 0.05, OutputPerMTok = 0.4 },
    ]);

    [Fact]
    public void CostOf_multiplies_tokens_by_price_per_million()
    {
        double cost = s_catalog.CostOf("gpt-5-nano", new TokenUsage(1234, 567));

        Assert.Equal((1234 * 0.05 + 567 * 0.4) / 1e6, cost, 1e-12);
    }

    [Fact]
    public void CostOf_charges_cached_input_at_the_cached_price()
    {
        double cost = s_catalog.CostOf("gpt-5", new TokenUsage(1000, 100, cachedInputTokens: 800));

        Assert.Equal((200 * 1.25 + 800 * 0.125 + 100 * 10) / 1e6, cost, 1e-12);
    }

    [Fact]
    public void CostOf_charges_cached_input_at_the_input_price_when_no_discount_is_listed()
    {
        double cost = s_catalog.CostOf("gpt-5-nano", new TokenUsage(1000, 0, cachedInputTokens: 1000));

        Assert.Equal(1000 * 0.05 / 1e6, cost, 1e-12);
    }

    [Fact]
    public void CostOf_an_unknown_model_is_an_error_not_zero()
    {
        var error = Assert.Throws<CatalogException>(() => s_catalog.CostOf("gpt-6", new TokenUsage(1, 1)));

        Assert.Contains("'gpt-6'", error.Message, StringComparison.Ordinal);
        Assert.Contains("gpt-5-nano", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenUsage_rejects_more_cached_than_total_input()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenUsage(10, 0, cachedInputTokens: 11));
    }
}

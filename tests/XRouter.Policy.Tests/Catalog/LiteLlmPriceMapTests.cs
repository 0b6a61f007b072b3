using XRouter.Policy.Catalog;

namespace XRouter.Policy.Tests.Catalog;

public sealed class LiteLlmPriceMapTests
{
    private const string PriceMap = """
        {
          "sample_spec": {"input_cost_per_token": 0},
          "gpt-5": {"input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-07,
                    "max_input_tokens": 272000, "max_output_tokens": 128000, "supports_function_calling": true, "supports_reasoning": true},
          "free-text-only": {"max_input_tokens": 8000}
        }
        """;

    [Fact]
    public void Import_converts_per_token_prices_to_per_million()
    {
        var card = Assert.Single(LiteLlmPriceMap.Import(PriceMap, ["gpt-5"]).Models);

        Assert.Equal((1.25, 10.0, 0.125, 272000, 128000), (card.InputPerMTok, card.OutputPerMTok, card.CachedInputPerMTok!.Value, card.ContextWindow!.Value, card.MaxOutputTokens!.Value));
        Assert.Equal("Supports function calling, reasoning.", card.Description);
    }

    [Fact]
    public void Import_rejects_a_model_absent_from_the_map()
    {
        var error = Assert.Throws<CatalogException>(() => LiteLlmPriceMap.Import(PriceMap, ["gpt-9"]));

        Assert.Contains("'gpt-9' is not in the price map", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_rejects_a_model_without_prices_instead_of_pricing_it_at_zero()
    {
        var error = Assert.Throws<CatalogException>(() => LiteLlmPriceMap.Import(PriceMap, ["free-text-only"]));

        Assert.Contains("input_cost_per_token", error.Message, StringComparison.Ordinal);
    }
}

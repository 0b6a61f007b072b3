using XRouter.Policy.Catalog;
using XRouter.Testing;

namespace XRouter.Policy.Tests.Catalog;

public sealed class CatalogJsonTests
{
    [Fact]
    public void Parse_reads_prices_and_ignores_unknown_fields()
    {
        const string json = """
            {"models": [{"id": "m1", "tier": "budget", "input_per_mtok": 0.15, "output_per_mtok": 0.6,
                         "context_window": 128000, "vendor_notes": "ignored"}], "extra": true}
            """;

        var catalog = CatalogJson.Parse(json);

        var card = Assert.Single(catalog.Models);
        Assert.Equal(("m1", ModelTier.Budget, 0.15, 0.6, 128000), (card.Id, card.Tier, card.InputPerMTok, card.OutputPerMTok, card.ContextWindow));
    }

    [Fact]
    public void Parse_rejects_a_duplicate_id_naming_it()
    {
        const string json = """{"models": [{"id": "dup", "input_per_mtok": 1, "output_per_mtok": 1}, {"id": "dup", "input_per_mtok": 2, "output_per_mtok": 2}]}""";

        var error = Assert.Throws<CatalogException>(() => CatalogJson.Parse(json));

        Assert.Contains("'dup'", error.Message, StringComparison.Ordinal);
        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id": "m", "output_per_mtok": 1}""", "input_per_mtok")]
    [InlineData("""{"id": "m", "input_per_mtok": 1}""", "output_per_mtok")]
    public void Parse_rejects_a_missing_price_naming_model_and_field(string model, string field)
    {
        var error = Assert.Throws<CatalogException>(() => CatalogJson.Parse($$"""{"models": [{{model}}]}"""));

        Assert.Contains("'m'", error.Message, StringComparison.Ordinal);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_a_negative_price_naming_the_model()
    {
        var error = Assert.Throws<CatalogException>(() => CatalogJson.Parse("""{"models": [{"id": "neg", "input_per_mtok": -1, "output_per_mtok": 1}]}"""));

        Assert.Contains("'neg'", error.Message, StringComparison.Ordinal);
        Assert.Contains("input_per_mtok -1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_broken_json_clearly()
    {
        var error = Assert.Throws<CatalogException>(() => CatalogJson.Parse("""{"models": [ {"id": """));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_then_Parse_round_trips()
    {
        var catalog = new ModelCatalog([
            new ModelCard { Id = "a", Tier = ModelTier.Premium, InputPerMTok = 1.25, OutputPerMTok = 10, CachedInputPerMTok = 0.125, Description = "strong", ContextWindow = 400000, MaxOutputTokens = 128000 },
            new ModelCard { Id = "b", InputPerMTok = 0.05, OutputPerMTok = 0.4 },
        ]);

        var again = CatalogJson.Parse(CatalogJson.Serialize(catalog));

        Assert.Equal(catalog.Models, again.Models);
    }

    [SharedAssetsFact]
    public void Load_reads_the_zeroeval_catalog()
    {
        var catalog = CatalogJson.Load(SharedAssets.PathOf("data", "zeroeval", "catalog.json"));

        Assert.Equal(18, catalog.Models.Count);
        Assert.Equal(2.5, catalog.Get("gpt-4o-2024-08-06").InputPerMTok);
    }
}

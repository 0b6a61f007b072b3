using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using XRouter.Testing;
using XRouter.Policy.Catalog;

namespace XRouter.Policy.Tests.Catalog;

public sealed class CatalogJsonProperties
{
    private static readonly Arbitrary<string> Catalogs = TextMutations.Of(
        """
        {"models": [
          {"id": "gpt-5", "tier": "premium", "input_per_mtok": 1.25, "output_per_mtok": 10, "cached_input_per_mtok": 0.125, "context_window": 400000, "max_output_tokens": 128000, "description": "Strong."},
          {"id": "gpt-5-nano", "tier": "budget", "input_per_mtok": 0.05, "output_per_mtok": 0.4}
        ]}
        """);

    [Property(MaxTest = TextMutations.Cases)]
    public Property Any_text_either_loads_a_valid_catalog_or_is_rejected_with_a_message() => Prop.ForAll(Catalogs, text =>
    {
        try
        {
            var catalog = CatalogJson.Parse(text);
            return catalog.Models.All(m => !string.IsNullOrWhiteSpace(m.Id)
                && double.IsFinite(m.InputPerMTok) && m.InputPerMTok >= 0
                && double.IsFinite(m.OutputPerMTok) && m.OutputPerMTok >= 0);
        }
        catch (CatalogException e)
        {
            return !string.IsNullOrWhiteSpace(e.Message);
        }
    });

    // Found by the property above: a lone surrogate escaped the loader as ArgumentException.
    [Fact]
    public void A_lone_surrogate_is_rejected_with_a_catalog_error()
    {
        var error = Assert.Throws<CatalogException>(() => CatalogJson.Parse("{\"models\": [{\"id\": \"m\uD800\", \"input_per_mtok\": 1, \"output_per_mtok\": 1}]}"));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    // Found by the property above: a repeated property escaped the loader as ArgumentException when it was read.
    [Fact]
    public void A_repeated_property_is_rejected_with_a_catalog_error()
    {
        var error = Assert.Throws<CatalogException>(() => CatalogJson.Parse("""{"models": [{"id": "m", "tier": "budget", "tier": "premium", "input_per_mtok": 1, "output_per_mtok": 1}]}"""));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }
}

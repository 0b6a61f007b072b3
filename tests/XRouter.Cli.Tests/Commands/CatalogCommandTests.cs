using XRouter.Cli.Commands;
using XRouter.Policy.Catalog;

namespace XRouter.Cli.Tests.Commands;

public sealed class CatalogCommandTests
{
    [Fact]
    public async Task Import_writes_a_catalog_of_the_named_models()
    {
        string map = Path.Combine(Path.GetTempPath(), $"litellm-{Guid.NewGuid():N}.json");
        string output = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(map, """
            {"gpt-5-nano": {"input_cost_per_token": 5e-08, "output_cost_per_token": 4e-07, "max_input_tokens": 272000},
             "other": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06}}
            """);

        int exit = await CatalogCommand.Create().Parse(["import", map, "--models", "gpt-5-nano", "--out", output]).InvokeAsync();

        Assert.Equal(0, exit);
        var card = Assert.Single(CatalogJson.Load(output).Models);
        Assert.Equal(("gpt-5-nano", 0.05, 0.40, 272000), (card.Id, card.InputPerMTok, card.OutputPerMTok, card.ContextWindow!.Value));
    }

    [Fact]
    public async Task Import_of_an_unknown_model_fails_with_exit_code_1()
    {
        string map = Path.Combine(Path.GetTempPath(), $"litellm-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(map, """{"a": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06}}""");

        int exit = await CatalogCommand.Create().Parse(["import", map, "--models", "missing"]).InvokeAsync();

        Assert.Equal(1, exit);
    }
}

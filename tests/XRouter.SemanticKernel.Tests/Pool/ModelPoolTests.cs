using Microsoft.Extensions.AI;
using XRouter.Policy.Catalog;
using XRouter.SemanticKernel.Pool;
using XRouter.SemanticKernel.Tests.TestSupport;

namespace XRouter.SemanticKernel.Tests.Pool;

public sealed class ModelPoolTests
{
    [Fact]
    public void Each_model_becomes_a_call_function_with_a_description_from_the_catalog()
    {
        var pool = new ModelPool(RouterHarness.Catalog, Clients("model-a", "model-b.mini"), 4096);

        var function = pool.Plugin["call_model_a"];

        Assert.Equal(
            "Send the user's query to model-a with a system prompt you write for it; returns its reply. Strong at math and code. Tier: premium. Price: $1.25 input / $10.00 output per 1M tokens.",
            function.Description);
        Assert.Equal(["optimized_system_prompt", "temperature"], function.Metadata.Parameters.Select(p => p.Name));
        Assert.True(function.Metadata.Parameters[0].IsRequired);
        Assert.False(function.Metadata.Parameters[1].IsRequired);
        Assert.Contains("select_response", pool.Plugin.Select(f => f.Name));
    }

    [Fact]
    public void Model_ids_that_map_to_the_same_tool_name_are_rejected()
    {
        var catalog = new ModelCatalog([
            new ModelCard { Id = "gpt-4.1", InputPerMTok = 2, OutputPerMTok = 8 },
            new ModelCard { Id = "gpt-4-1", InputPerMTok = 2, OutputPerMTok = 8 },
        ]);

        var error = Assert.Throws<XRouterException>(() => new ModelPool(catalog, Clients("gpt-4.1", "gpt-4-1"), 4096));

        Assert.Contains("'gpt-4.1' and 'gpt-4-1' both map to tool name 'call_gpt_4_1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_output_cap_is_the_smaller_of_pool_and_card()
    {
        var card = new ModelCard { Id = "m", InputPerMTok = 1, OutputPerMTok = 1, MaxOutputTokens = 500 };
        var pool = new ModelPool(new ModelCatalog([card]), Clients("m"), 4096);

        Assert.Equal(500, pool.MaxOutputTokensFor(card));
    }

    private static Dictionary<string, IChatClient> Clients(params string[] ids) =>
        ids.ToDictionary(id => id, IChatClient (_) => new ScriptedBackbone());
}

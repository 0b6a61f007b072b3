using XRouter.Policy.Routing;

namespace XRouter.Policy.Tests.Routing;

public sealed class ModelToolNamesTests
{
    [Theory]
    [InlineData("gpt-5", "call_gpt_5")]
    [InlineData("gpt-4.1-mini", "call_gpt_4_1_mini")]
    [InlineData("Meta-Llama-3.1-405B-Instruct@hyperbolic", "call_Meta_Llama_3_1_405B_Instruct_hyperbolic")]
    [InlineData("mistralai/mixtral-8x7b-chat", "call_mistralai_mixtral_8x7b_chat")]
    [InlineData("already_fine_1", "call_already_fine_1")]
    public void ForModel_replaces_everything_but_letters_digits_and_underscore(string modelId, string expected)
    {
        Assert.Equal(expected, ModelToolNames.ForModel(modelId));
    }

    [Fact]
    public void ToolNameByModel_rejects_two_ids_with_the_same_tool_name()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelToolNames.ToolNameByModel(["a.b", "a-b"]));

        Assert.Contains("'a.b' and 'a-b' both map to tool name 'call_a_b'", error.Message, StringComparison.Ordinal);
    }
}

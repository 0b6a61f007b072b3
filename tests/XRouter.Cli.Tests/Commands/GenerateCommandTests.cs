using System.Text.Json;
using XRouter.Cli.Commands;
using XRouter.Testing;

namespace XRouter.Cli.Tests.Commands;

public sealed class GenerateCommandTests
{
    // The fixture README: greedy [0,0,0,52] continues with 204 six times on the GPT-2 fixture.
    [SharedAssetsFact]
    public async Task JsonOutputHasTheGeneratedIdsAndTiming()
    {
        var (exitCode, output) = await CommandRunner.RunAsync(
            GenerateCommand.Create(), "generate", "--model", SharedAssets.PathOf("models", "tiny-gpt2-fp32"), "--ids", "0,0,0,52", "--max-tokens", "6", "--json");

        Assert.Equal(0, exitCode);
        using var result = JsonDocument.Parse(output);
        Assert.Equal([204, 204, 204, 204, 204, 204], result.RootElement.GetProperty("generated_ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("MaxTokens", result.RootElement.GetProperty("finish_reason").GetString());
        Assert.True(result.RootElement.GetProperty("prefill_ms").GetDouble() > 0);
    }

    [SharedAssetsFact]
    public async Task APromptIsEncodedWithTheFoldersTokenizerChatMarkersAsSingleTokens()
    {
        var (exitCode, output) = await CommandRunner.RunAsync(
            GenerateCommand.Create(), "generate", "--model", SharedAssets.PathOf("models", "qwen2-tiny-genai"), "--prompt", "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n", "--max-tokens", "4", "--json");

        Assert.Equal(0, exitCode);
        using var result = JsonDocument.Parse(output);
        Assert.Equal(151644, result.RootElement.GetProperty("prompt_ids")[0].GetInt32());
        Assert.Equal(4, result.RootElement.GetProperty("generated_ids").GetArrayLength());
    }

    [SharedAssetsFact]
    public async Task PromptAndIdsTogetherAreRejected()
    {
        var (exitCode, _) = await CommandRunner.RunAsync(
            GenerateCommand.Create(), "generate", "--model", SharedAssets.PathOf("models", "tiny-gpt2-fp32"), "--ids", "1", "--prompt", "x");

        Assert.Equal(1, exitCode);
    }
}

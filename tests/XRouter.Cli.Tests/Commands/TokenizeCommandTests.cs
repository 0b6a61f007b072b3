using XRouter.Cli.Commands;
using XRouter.Testing;

namespace XRouter.Cli.Tests.Commands;

public sealed class TokenizeCommandTests
{
    // The fixture README: GPT-2's tokenizer encodes "Hello world" to [15496, 995].
    [SharedAssetsFact]
    public async Task PrintsCommaSeparatedIds()
    {
        var (exitCode, output) = await CommandRunner.RunAsync(
            TokenizeCommand.Create(), "tokenize", "--tokenizer", SharedAssets.PathOf("models", "tiny-gpt2-fp32"), "--text", "Hello world");

        Assert.Equal(0, exitCode);
        Assert.Equal("15496,995", output.Trim());
    }
}

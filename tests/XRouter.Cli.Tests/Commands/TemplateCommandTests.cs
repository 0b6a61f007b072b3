using XRouter.Cli.Commands;

namespace XRouter.Cli.Tests.Commands;

public sealed class TemplateCommandTests
{
    // Expected text follows the Qwen2.5 chat template: no tools, so the default system turn comes first.
    [Fact]
    public async Task PrintsTheExactRenderedPrompt()
    {
        string messages = Path.GetTempFileName();
        await File.WriteAllTextAsync(messages, """{"messages": [{"role": "user", "content": "Hi"}]}""");

        var (exitCode, output) = await CommandRunner.RunAsync(TemplateCommand.Create(), "template", "--messages", messages);

        Assert.Equal(0, exitCode);
        Assert.Equal(
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n" +
            "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
            output);
    }

    [Fact]
    public async Task AMessageWithoutRoleFailsWithExitCodeOne()
    {
        string messages = Path.GetTempFileName();
        await File.WriteAllTextAsync(messages, """[{"content": "Hi"}]""");

        var (exitCode, _) = await CommandRunner.RunAsync(TemplateCommand.Create(), "template", "--messages", messages);

        Assert.Equal(1, exitCode);
    }
}

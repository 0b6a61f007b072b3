using Microsoft.Extensions.AI;
using XRouter.Onnx.ChatTemplates;
using XRouter.Testing;

namespace XRouter.Onnx.Tests;

/// <summary>
/// The client over ONNX Runtime GenAI running the random-weight Qwen2 fixture with the real Qwen2.5 tokenizer
/// (its text is meaningless; the runtime, the prompt and the cache are real).
/// </summary>
public sealed class OnnxDecoderChatClientTests
{
    [SharedAssetsFact]
    public async Task AFullRouterPromptWithTwelveModelToolsFitsAndGenerates()
    {
        using var client = NewClient();
        var options = new ChatOptions { Tools = RouterTools.All(), MaxOutputTokens = 8 };

        var response = await client.GetResponseAsync(RouterTools.Conversation("What is 17 * 23?"), options);

        Assert.InRange(response.Usage!.InputTokenCount!.Value, 1500, 8191);
        Assert.Equal(8, response.Usage.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal("qwen2-tiny-genai", response.ModelId);
    }

    [SharedAssetsFact]
    public async Task ASecondRequestWithTheSamePrefixReusesItsCacheAndGivesTheTokensOfAFreshGenerator()
    {
        var options = new ChatOptions { Tools = RouterTools.All(), MaxOutputTokens = 24 };
        using var warm = NewClient();
        var first = await warm.GetResponseAsync(RouterTools.Conversation("Prove that sqrt(2) is irrational."), options);

        var reused = await warm.GetResponseAsync(RouterTools.Conversation("hello"), options);
        using var fresh = NewClient();
        var expected = await fresh.GetResponseAsync(RouterTools.Conversation("hello"), options);

        Assert.Equal(0, first.Usage!.CachedInputTokenCount);
        Assert.InRange(reused.Usage!.CachedInputTokenCount!.Value, first.Usage.InputTokenCount!.Value - 30, reused.Usage.InputTokenCount!.Value - 1);
        Assert.Equal(0, expected.Usage!.CachedInputTokenCount);
        Assert.Equal(expected.Text, reused.Text);
        Assert.Equal(expected.Usage.OutputTokenCount, reused.Usage.OutputTokenCount);
    }

    [SharedAssetsFact]
    public async Task UsageCountsTheRenderedPromptAsTheModelsTokenizerEncodesIt()
    {
        using var client = NewClient();
        List<ChatMessage> messages = [new(ChatRole.System, "S"), new(ChatRole.User, "hi")];
        using var model = new Microsoft.ML.OnnxRuntimeGenAI.Model(ModelFixtures.QwenTinyGenAi);
        using var tokenizer = new Microsoft.ML.OnnxRuntimeGenAI.Tokenizer(model);
        using var expected = tokenizer.Encode(Qwen25ChatTemplate.Render(messages));

        var response = await client.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 5 });

        Assert.Equal(expected[0].Length, response.Usage!.InputTokenCount);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
    }

    [SharedAssetsFact]
    public async Task StreamingAndNonStreamingGiveTheSameGreedyText()
    {
        using var client = NewClient();
        List<ChatMessage> messages = [new(ChatRole.System, "S"), new(ChatRole.User, "hello")];
        var options = new ChatOptions { MaxOutputTokens = 12 };

        var whole = await client.GetResponseAsync(messages, options);
        var streamed = await client.GetStreamingResponseAsync(messages, options).ToChatResponseAsync();

        Assert.NotEmpty(whole.Text);
        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(whole.Usage!.OutputTokenCount, streamed.Usage!.OutputTokenCount);
    }

    [SharedAssetsFact]
    public async Task TheDefaultIsGreedyWhateverTheConfigsSamplingDefaultsSay()
    {
        using var first = NewClient();
        using var second = NewClient();
        var messages = RouterTools.Conversation("hello");
        var options = new ChatOptions { MaxOutputTokens = 16 };

        var a = await first.GetResponseAsync(messages, options);
        var b = await second.GetResponseAsync(messages, options);

        Assert.Equal(a.Text, b.Text);
    }

    [SharedAssetsFact]
    public async Task ACancelledRequestThrows()
    {
        using var client = NewClient();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync([new(ChatRole.User, "hi")], cancellationToken: cancellation.Token));
    }

    [SharedAssetsFact]
    public async Task APromptLongerThanTheGeneratorHoldsIsRefusedWithBothLengths()
    {
        using var client = NewClient(maxSequenceLength: 64);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync(RouterTools.Conversation("hello"), new ChatOptions { Tools = RouterTools.All() }));

        Assert.Contains("at most 64", error.Message, StringComparison.Ordinal);
    }

    [SharedAssetsFact]
    public void GetServiceAnswersMetadataAndItself()
    {
        using var client = NewClient();

        Assert.Equal("onnxruntime-genai", client.GetService<ChatClientMetadata>()!.ProviderName);
        Assert.Same(client, client.GetService<OnnxDecoderChatClient>());
        Assert.Null(client.GetService<ChatClientMetadata>("some-key"));
    }

    [Fact]
    public void AMissingModelFolderIsNamed()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => new OnnxDecoderChatClient(new OnnxDecoderOptions { ModelPath = "/nonexistent/model" }));

        Assert.Contains("/nonexistent/model", error.Message, StringComparison.Ordinal);
    }

    internal static OnnxDecoderChatClient NewClient(int? maxSequenceLength = null, bool constrainToolCalls = false) => new(new OnnxDecoderOptions
    {
        ModelPath = ModelFixtures.QwenTinyGenAi,
        IntraOpThreads = 1,
        MaxSequenceLength = maxSequenceLength,
        ConstrainToolCalls = constrainToolCalls,
        MaxToolArgumentLength = constrainToolCalls ? 24 : null,
    });
}

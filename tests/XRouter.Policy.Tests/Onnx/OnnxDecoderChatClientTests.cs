using Microsoft.Extensions.AI;
using XRouter.Policy.ChatTemplates;
using XRouter.Policy.Onnx;
using XRouter.Policy.Tokenization;
using XRouter.Testing;

namespace XRouter.Policy.Tests.Onnx;

/// <summary>
/// The client over the real GPT-2 fixture session with a byte-level tokenizer whose ids fit its 1000-token
/// vocabulary (random weights: the text is meaningless, the mechanics are real).
/// </summary>
public sealed class OnnxDecoderChatClientTests : IDisposable
{
    private readonly OnnxDecoderModel _model = OnnxDecoderModel.Load(ModelFixtures.TinyGpt2Fp32);
    private readonly ByteLevelBpeTokenizer _tokenizer = ByteLevelBpeTokenizer.Load(ModelFixtures.WriteByteTokenizer());

    public void Dispose() => _model.Dispose();

    [SharedAssetsFact]
    public async Task UsageCountsTheRenderedPromptAndTheGeneratedTokens()
    {
        using var client = NewClient();
        ChatMessage[] messages = [new(ChatRole.System, "S"), new(ChatRole.User, "hi")];

        var response = await client.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 5 });

        Assert.Equal(_tokenizer.Encode(Qwen25ChatTemplate.Render(messages)).Count, response.Usage!.InputTokenCount);
        Assert.InRange(response.Usage.OutputTokenCount!.Value, 1, 5);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
        Assert.Equal("tiny-gpt2-fp32", response.ModelId);
    }

    [SharedAssetsFact]
    public async Task StreamingAndNonStreamingGiveTheSameGreedyText()
    {
        using var client = NewClient();
        ChatMessage[] messages = [new(ChatRole.System, "S"), new(ChatRole.User, "hello")];
        var options = new ChatOptions { MaxOutputTokens = 12 };

        var whole = await client.GetResponseAsync(messages, options);
        var streamed = await client.GetStreamingResponseAsync(messages, options).ToChatResponseAsync();

        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(whole.Usage!.OutputTokenCount, streamed.Usage!.OutputTokenCount);
    }

    [SharedAssetsFact]
    public async Task TheNextTurnReusesTheCacheOfTheSharedPrefix()
    {
        using var client = NewClient();
        List<ChatMessage> conversation = [new(ChatRole.System, "S"), new(ChatRole.User, "one")];
        var first = await client.GetResponseAsync(conversation, new ChatOptions { MaxOutputTokens = 4 });
        conversation.AddRange(first.Messages);
        conversation.Add(new ChatMessage(ChatRole.User, "two"));

        var second = await client.GetResponseAsync(conversation, new ChatOptions { MaxOutputTokens = 4 });

        Assert.Equal(0, first.Usage!.CachedInputTokenCount);
        Assert.InRange(second.Usage!.CachedInputTokenCount!.Value, first.Usage.InputTokenCount!.Value, second.Usage.InputTokenCount!.Value - 1);
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
    public void GetServiceAnswersMetadataAndItself()
    {
        using var client = NewClient();

        Assert.Equal("onnxruntime", client.GetService<ChatClientMetadata>()!.ProviderName);
        Assert.Same(client, client.GetService<OnnxDecoderChatClient>());
        Assert.Null(client.GetService<ChatClientMetadata>("some-key"));
    }

    private OnnxDecoderChatClient NewClient() => new(_model, _tokenizer);
}

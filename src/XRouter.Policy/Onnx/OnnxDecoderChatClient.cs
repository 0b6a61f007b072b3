using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using XRouter.Policy.ChatTemplates;
using XRouter.Policy.Tokenization;

namespace XRouter.Policy.Onnx;

/// <summary>
/// An <see cref="IChatClient"/> over a Qwen2.5-format tool-calling model (such as xRouter-7B) run by this
/// library's ONNX Runtime generation loop. Prompts are rendered with <see cref="Qwen25ChatTemplate"/>;
/// generated <c>&lt;tool_call&gt;</c> blocks become <see cref="FunctionCallContent"/> with exactly the names of
/// <see cref="ChatOptions.Tools"/> (a malformed one becomes an <see cref="ErrorContent"/> carrying the raw
/// text); usage reports real token counts. The KV cache of the previous request is kept, so the next turn
/// of a conversation only computes the tokens after the shared prefix. Requests run one at a time.
/// </summary>
public sealed class OnnxDecoderChatClient : IChatClient
{
    private static readonly string[] s_endOfTurn = ["<|im_end|>", "<|endoftext|>"];
    private readonly OnnxDecoderModel _model;
    private readonly ByteLevelBpeTokenizer _tokenizer;
    private readonly OnnxDecoderOptions _options;
    private readonly bool _ownsModel;
    private readonly DecoderGenerator _generator;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ChatClientMetadata _metadata;

    /// <summary>Loads the model and tokenizer named by <paramref name="options"/>; the client owns and disposes the model.</summary>
    /// <exception cref="ArgumentException">When the options are invalid.</exception>
    public OnnxDecoderChatClient(OnnxDecoderOptions options)
        : this(LoadModel(options), ByteLevelBpeTokenizer.Load(options.TokenizerPath ?? options.ModelPath), options, ownsModel: true)
    {
    }

    /// <summary>Uses an already loaded model and tokenizer, which the caller keeps owning.</summary>
    /// <param name="model">The decoder.</param>
    /// <param name="tokenizer">The model's tokenizer.</param>
    /// <param name="options">Sampling defaults and the reported model id; <see cref="OnnxDecoderOptions.ModelPath"/> is not used.</param>
    public OnnxDecoderChatClient(OnnxDecoderModel model, ByteLevelBpeTokenizer tokenizer, OnnxDecoderOptions? options = null)
        : this(model, tokenizer, options ?? new OnnxDecoderOptions { ModelPath = model?.Folder ?? string.Empty }, ownsModel: false)
    {
    }

    private OnnxDecoderChatClient(OnnxDecoderModel model, ByteLevelBpeTokenizer tokenizer, OnnxDecoderOptions options, bool ownsModel)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(options);
        options.ToDecodingOptions().Validate();
        _model = model;
        _tokenizer = tokenizer;
        _options = options;
        _ownsModel = ownsModel;
        _generator = model.CreateGenerator();
        _metadata = new ChatClientMetadata("onnxruntime", null, options.ModelId ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(model.Folder)));
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var tools = AdvertisedTools(options);
        string prompt = Qwen25ChatTemplate.Render(WithInstructions(messages, options?.Instructions), tools);
        var decoding = DecodingFor(options);
        return StreamAsync(prompt, decoding, tools.Select(t => t.Name).ToList(), cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType == typeof(OnnxDecoderModel) ? _model
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _generator.Dispose();
        _gate.Dispose();
        if (_ownsModel)
        {
            _model.Dispose();
        }
    }

    private static OnnxDecoderModel LoadModel(OnnxDecoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return OnnxDecoderModel.Load(options.ModelPath, options.ExecutionProvider, options.DeviceId);
    }

    private static List<AIFunctionDeclaration> AdvertisedTools(ChatOptions? options) =>
        options?.ToolMode is NoneChatToolMode || options?.Tools is null
            ? []
            : [.. options.Tools.Select(tool => tool as AIFunctionDeclaration
                ?? throw new ArgumentException($"tool '{tool.Name}' is a {tool.GetType().Name}; the ONNX decoder can only call function tools.", nameof(options)))];

    /// <summary>Request instructions lead the system message, as a hosted service would apply them.</summary>
    private static IEnumerable<ChatMessage> WithInstructions(IEnumerable<ChatMessage> messages, string? instructions)
    {
        if (string.IsNullOrEmpty(instructions))
        {
            return messages;
        }

        var list = messages.ToList();
        if (list.Count > 0 && list[0].Role == ChatRole.System)
        {
            list[0] = new ChatMessage(ChatRole.System, instructions + "\n\n" + list[0].Text);
            return list;
        }

        return [new ChatMessage(ChatRole.System, instructions), .. list];
    }

    private DecodingOptions DecodingFor(ChatOptions? options)
    {
        var decoding = _options.ToDecodingOptions();
        decoding.MaxNewTokens = options?.MaxOutputTokens ?? decoding.MaxNewTokens;
        decoding.Temperature = options?.Temperature ?? decoding.Temperature;
        decoding.TopK = options?.TopK ?? decoding.TopK;
        decoding.TopP = options?.TopP ?? decoding.TopP;
        decoding.Seed = options?.Seed is long seed ? unchecked((int)seed) : decoding.Seed;

        // The end-of-turn markers stop generation even when genai_config.json lists only one of them.
        decoding.StopSequences = [.. s_endOfTurn.Where(_tokenizer.AddedTokens.ContainsKey), .. options?.StopSequences ?? []];
        decoding.Validate();
        return decoding;
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        string prompt,
        DecodingOptions decoding,
        List<string> toolNames,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var promptIds = _tokenizer.Encode(prompt);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Generation is CPU-bound; leave the caller's thread before the first step.
            await Task.Yield();
            if (promptIds.Count >= _model.ContextLength)
            {
                throw new InvalidOperationException($"The prompt has {promptIds.Count} tokens; the model's context length is {_model.ContextLength}.");
            }

            int reused = _generator.ResetTo([.. promptIds]);
            string responseId = Guid.NewGuid().ToString("N");
            var reply = new AssistantReplyStream(toolNames);
            int generated = 0;
            DecodeFinishReason? finish = null;
            foreach (var token in _generator.Generate(decoding, _tokenizer.CreateDetokenizer(), cancellationToken))
            {
                generated++;
                finish = token.FinishReason;
                string text = reply.Push(token.Text, final: finish is not null);
                if (text.Length > 0)
                {
                    yield return Update(responseId, [new TextContent(text)]);
                }
            }

            var contents = reply.Complete();
            contents.Add(new UsageContent(new UsageDetails
            {
                InputTokenCount = promptIds.Count,
                CachedInputTokenCount = reused,
                OutputTokenCount = generated,
                TotalTokenCount = promptIds.Count + generated,
            }));
            var last = Update(responseId, contents);
            last.FinishReason = contents.OfType<FunctionCallContent>().Any() ? ChatFinishReason.ToolCalls
                : finish is DecodeFinishReason.MaxTokens or DecodeFinishReason.ContextLength ? ChatFinishReason.Length
                : ChatFinishReason.Stop;
            yield return last;
        }
        finally
        {
            _gate.Release();
        }
    }

    private ChatResponseUpdate Update(string responseId, IList<AIContent> contents) => new(ChatRole.Assistant, contents)
    {
        ResponseId = responseId,
        MessageId = responseId,
        ModelId = _metadata.DefaultModelId,
        CreatedAt = DateTimeOffset.UtcNow,
    };
}

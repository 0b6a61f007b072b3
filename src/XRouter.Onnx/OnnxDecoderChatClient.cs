using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using XRouter.Onnx.ChatTemplates;
using XRouter.Onnx.Grammar;

namespace XRouter.Onnx;

/// <summary>
/// An <see cref="IChatClient"/> over a Qwen2.5-format tool-calling model (such as xRouter-7B) run by ONNX
/// Runtime GenAI. What GenAI's own chat client lacks is done here: prompts are rendered with
/// <see cref="Qwen25ChatTemplate"/> including <see cref="ChatOptions.Tools"/>; generated <c>&lt;tool_call&gt;</c>
/// blocks become <see cref="FunctionCallContent"/> with exactly the advertised names (a malformed one becomes
/// an <see cref="ErrorContent"/> carrying the raw text) and are held back while streaming; stop sequences match
/// across token boundaries; usage reports real token counts, with the prompt tokens served from the cache.
/// One long-lived generator keeps its KV cache between requests, so a request sharing the router's system
/// prompt and tools with the previous one only computes what follows them. Requests run one at a time.
/// </summary>
public sealed class OnnxDecoderChatClient : IChatClient
{
    private readonly GenAiModel _model;
    private readonly OnnxDecoderOptions _options;
    private readonly PrefixCachedGenerator _generator;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ChatClientMetadata _metadata;
    private readonly int _maxLength;

    /// <summary>Loads the model folder named by <paramref name="options"/>; the client owns and disposes it.</summary>
    /// <exception cref="ArgumentException">When the options are invalid.</exception>
    /// <exception cref="DirectoryNotFoundException">When the model folder does not exist.</exception>
    /// <exception cref="InvalidDataException">When the folder is not a usable GenAI model.</exception>
    public OnnxDecoderChatClient(OnnxDecoderOptions options)
    {
        _model = GenAiModel.Load(options);
        _options = options;
        _maxLength = Math.Min(options.MaxSequenceLength ?? _model.ContextLength, _model.ContextLength);
        _generator = new PrefixCachedGenerator(_model.Model);
        _metadata = new ChatClientMetadata("onnxruntime-genai", null, options.ModelId ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(options.ModelPath)));
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
        var settings = SettingsFor(options, tools);
        int maxNewTokens = options?.MaxOutputTokens ?? _options.MaxOutputTokens;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNewTokens, 1, "options.MaxOutputTokens");
        return StreamAsync(prompt, settings, maxNewTokens, options?.StopSequences ?? [], tools.Select(t => t.Name).ToList(), cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _generator.Dispose();
        _model.Dispose();
        _gate.Dispose();
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

    private SearchSettings SettingsFor(ChatOptions? options, IReadOnlyList<AIFunctionDeclaration> tools)
    {
        float temperature = options?.Temperature ?? _options.Temperature;
        int topK = options?.TopK ?? _options.TopK;
        float topP = options?.TopP ?? _options.TopP;
        float penalty = _options.RepetitionPenalty;
        SearchSettings.Validate(temperature, topK, topP, penalty);
        string? grammar = _options.ConstrainToolCalls && tools.Count > 0
            ? ToolCallGrammar.Build(tools, toolCallRequired: options?.ToolMode is RequiredChatToolMode, _options.MaxToolArgumentLength)
            : null;
        int? seed = options?.Seed is long requested ? unchecked((int)requested) : _options.Seed;
        return new SearchSettings(_maxLength, temperature, topK, topP, penalty, seed, grammar);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        string prompt,
        SearchSettings settings,
        int maxNewTokens,
        IList<string> stopSequences,
        List<string> toolNames,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int[] promptIds = _model.Encode(prompt);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Generation is CPU-bound native work; leave the caller's thread before the first step.
            await Task.Yield();
            if (promptIds.Length >= _maxLength)
            {
                throw new InvalidOperationException($"The prompt has {promptIds.Length} tokens; the generator holds at most {_maxLength} (context length {_model.ContextLength}).");
            }

            cancellationToken.ThrowIfCancellationRequested();
            int reused = _generator.Start(promptIds, settings);
            string responseId = Guid.NewGuid().ToString("N");
            var reply = new AssistantReplyStream(toolNames);
            var stops = new StopSequenceMatcher(stopSequences);
            using var detokenizer = _model.Tokenizer.CreateStream();
            int generated = 0;
            ChatFinishReason? finish = null;
            while (finish is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string delta = string.Empty;
                if (_generator.IsDone || _generator.Sequence.Count >= _maxLength)
                {
                    finish = ChatFinishReason.Length;
                }
                else
                {
                    int token = _generator.Next();
                    generated++;
                    if (_model.EndOfTurnIds.Contains(token))
                    {
                        finish = ChatFinishReason.Stop;
                    }
                    else
                    {
                        delta = detokenizer.Decode(token);
                        finish = generated >= maxNewTokens ? ChatFinishReason.Length : null;
                    }
                }

                var (text, stopped, _) = stops.Push(delta, final: finish is not null);
                finish = stopped ? ChatFinishReason.Stop : finish;
                string visible = reply.Push(text, final: finish is not null);
                if (visible.Length > 0)
                {
                    yield return Update(responseId, [new TextContent(visible)]);
                }
            }

            var contents = reply.Complete();
            contents.Add(new UsageContent(new UsageDetails
            {
                InputTokenCount = promptIds.Length,
                CachedInputTokenCount = reused,
                OutputTokenCount = generated,
                TotalTokenCount = promptIds.Length + generated,
            }));
            var final = Update(responseId, contents);
            final.FinishReason = contents.OfType<FunctionCallContent>().Any() ? ChatFinishReason.ToolCalls : finish;
            yield return final;
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

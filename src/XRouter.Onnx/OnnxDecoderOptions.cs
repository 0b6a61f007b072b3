namespace XRouter.Onnx;

/// <summary>
/// Settings of <see cref="OnnxDecoderChatClient"/>, bindable from configuration (for example the
/// <c>XRouter:OnnxBackbone</c> section). Per-request <c>ChatOptions</c> override the sampling settings.
/// </summary>
public sealed class OnnxDecoderOptions
{
    /// <summary>The ONNX Runtime GenAI model folder (<c>genai_config.json</c>, the decoder, the tokenizer files).</summary>
    public string ModelPath { get; set; } = string.Empty;

    /// <summary>The id reported on responses; null uses the model folder's name.</summary>
    public string? ModelId { get; set; }

    /// <summary>Where the model runs; CPU by default, whatever <c>genai_config.json</c> names.</summary>
    public OnnxExecutionProvider ExecutionProvider { get; set; } = OnnxExecutionProvider.Cpu;

    /// <summary>The GPU ordinal for the CUDA provider.</summary>
    public int DeviceId { get; set; }

    /// <summary>ONNX Runtime intra-op threads; null keeps the runtime's default (one per core).</summary>
    public int? IntraOpThreads { get; set; }

    /// <summary>
    /// The longest sequence (prompt and output) the long-lived generator holds; null uses the model's
    /// <c>context_length</c>. The KV cache is allocated for this length once, so a smaller value saves memory.
    /// </summary>
    public int? MaxSequenceLength { get; set; }

    /// <summary>
    /// Softmax temperature; 0 (the default) is greedy, which makes routing decisions reproducible. The model
    /// builder copies the checkpoint's sampling defaults into <c>genai_config.json</c>; these settings replace them.
    /// </summary>
    public float Temperature { get; set; }

    /// <summary>Top-k sampling limit; 0 means none.</summary>
    public int TopK { get; set; }

    /// <summary>Nucleus sampling mass in (0, 1]; 1 means none.</summary>
    public float TopP { get; set; } = 1f;

    /// <summary>Repetition penalty; 1 means none (Qwen2.5-Instruct suggests 1.05 when sampling).</summary>
    public float RepetitionPenalty { get; set; } = 1f;

    /// <summary>Sampler seed; null lets the runtime draw one.</summary>
    public int? Seed { get; set; }

    /// <summary>The most tokens a response may have unless the request asks for fewer or more.</summary>
    public int MaxOutputTokens { get; set; } = 1024;

    /// <summary>
    /// Constrains generation with a grammar built from the advertised tools, so that the model can only write
    /// text or well-formed <c>&lt;tool_call&gt;</c> blocks naming an advertised function with schema-valid
    /// arguments (ONNX Runtime GenAI guidance). Off by default: a trained router rarely needs it, and it costs
    /// time per token.
    /// </summary>
    public bool ConstrainToolCalls { get; set; }

    /// <summary>
    /// Under <see cref="ConstrainToolCalls"/>, the longest string argument a call may carry; null leaves
    /// strings unbounded. A bound keeps a weak model from writing one argument until it runs out of tokens.
    /// </summary>
    public int? MaxToolArgumentLength { get; set; }

    /// <summary>Checks the settings and names the first invalid one.</summary>
    /// <exception cref="ArgumentException">When a setting is invalid.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException("ModelPath is required: the folder written by the ONNX Runtime GenAI model builder.", nameof(ModelPath));
        }

        if (!Enum.IsDefined(ExecutionProvider))
        {
            throw new ArgumentOutOfRangeException(nameof(ExecutionProvider), ExecutionProvider, "ExecutionProvider must be Cpu or Cuda.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(DeviceId, nameof(DeviceId));
        if (IntraOpThreads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be at least 1, or unset.");
        }

        if (MaxSequenceLength is < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSequenceLength), MaxSequenceLength, "MaxSequenceLength must be at least 2, or unset.");
        }

        if (MaxToolArgumentLength is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxToolArgumentLength), MaxToolArgumentLength, "MaxToolArgumentLength must be at least 1, or unset.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOutputTokens, 1, nameof(MaxOutputTokens));
        SearchSettings.Validate(Temperature, TopK, TopP, RepetitionPenalty);
    }
}

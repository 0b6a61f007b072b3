namespace XRouter.Policy.Onnx;

/// <summary>
/// Settings of <see cref="OnnxDecoderChatClient"/>, bindable from configuration (for example the
/// <c>XRouter:Backbone:Onnx</c> section). Per-request <c>ChatOptions</c> override the sampling settings.
/// </summary>
public sealed class OnnxDecoderOptions
{
    /// <summary>The ONNX Runtime GenAI model folder (<c>genai_config.json</c>, the decoder, the tokenizer files).</summary>
    public string ModelPath { get; set; } = string.Empty;

    /// <summary>A separate tokenizer folder; null uses <see cref="ModelPath"/>.</summary>
    public string? TokenizerPath { get; set; }

    /// <summary>The id reported on responses; null uses the model folder's name.</summary>
    public string? ModelId { get; set; }

    /// <summary>Where the model runs; CPU by default.</summary>
    public OnnxExecutionProvider ExecutionProvider { get; set; } = OnnxExecutionProvider.Cpu;

    /// <summary>The GPU ordinal for the CUDA provider.</summary>
    public int DeviceId { get; set; }

    /// <summary>Softmax temperature; 0 (the default) is greedy, which makes routing decisions reproducible.</summary>
    public float Temperature { get; set; }

    /// <summary>Top-k sampling limit; 0 means none.</summary>
    public int TopK { get; set; }

    /// <summary>Nucleus sampling mass in (0, 1]; 1 means none.</summary>
    public float TopP { get; set; } = 1f;

    /// <summary>Repetition penalty; 1 means none (Qwen2.5-Instruct suggests 1.05 when sampling).</summary>
    public float RepetitionPenalty { get; set; } = 1f;

    /// <summary>Sampler seed; null draws one per request.</summary>
    public int? Seed { get; set; }

    /// <summary>The most tokens a response may have unless the request asks for fewer or more.</summary>
    public int MaxOutputTokens { get; set; } = 1024;

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
        ToDecodingOptions().Validate();
    }

    internal DecodingOptions ToDecodingOptions() => new()
    {
        MaxNewTokens = MaxOutputTokens,
        Temperature = Temperature,
        TopK = TopK,
        TopP = TopP,
        RepetitionPenalty = RepetitionPenalty,
        Seed = Seed,
    };
}

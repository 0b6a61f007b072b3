namespace XRouter.Policy.Onnx;

/// <summary>How a <see cref="DecoderGenerator"/> picks and stops generating tokens.</summary>
public sealed class DecodingOptions
{
    /// <summary>The most tokens to generate (the end-of-sequence token counts).</summary>
    public int MaxNewTokens { get; set; } = 256;

    /// <summary>Softmax temperature; 0 means greedy (always the most likely token).</summary>
    public float Temperature { get; set; }

    /// <summary>Sample only among the <c>TopK</c> most likely tokens; 0 means no limit.</summary>
    public int TopK { get; set; }

    /// <summary>Sample only among the most likely tokens whose probabilities sum to <c>TopP</c>; 1 means no limit.</summary>
    public float TopP { get; set; } = 1f;

    /// <summary>Divides positive (multiplies negative) logits of tokens already in the sequence; 1 means off.</summary>
    public float RepetitionPenalty { get; set; } = 1f;

    /// <summary>Seeds the sampler so that sampling is reproducible; null draws a random seed.</summary>
    public int? Seed { get; set; }

    /// <summary>Texts that end generation; the text before the first match is kept, the match is dropped.</summary>
    public IList<string> StopSequences { get; set; } = [];

    /// <summary>Checks every setting and names the first one out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When a setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNewTokens, 1, nameof(MaxNewTokens));
        ArgumentOutOfRangeException.ThrowIfNegative(Temperature, nameof(Temperature));
        ArgumentOutOfRangeException.ThrowIfNegative(TopK, nameof(TopK));
        if (!(TopP > 0f && TopP <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "TopP must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RepetitionPenalty, 0f, nameof(RepetitionPenalty));
        if (StopSequences.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("Stop sequences must not be empty.", nameof(StopSequences));
        }
    }
}

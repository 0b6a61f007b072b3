namespace XRouter.Policy.Onnx;

/// <summary>One generated token and the text it completes.</summary>
/// <param name="TokenId">The generated token id.</param>
/// <param name="Text">
/// The new text that is final after this token: empty while a multi-byte character or a possible stop
/// sequence is incomplete, and never containing an end-of-sequence token or a stop sequence.
/// </param>
/// <param name="FinishReason">Set on the last token of a run: why generation ended.</param>
public readonly record struct DecodedToken(int TokenId, string Text, DecodeFinishReason? FinishReason);

/// <summary>Why generation ended.</summary>
public enum DecodeFinishReason
{
    /// <summary>The model produced one of its end-of-sequence tokens.</summary>
    EndOfSequence,

    /// <summary>The text produced a stop sequence.</summary>
    StopSequence,

    /// <summary><see cref="DecodingOptions.MaxNewTokens"/> tokens were generated.</summary>
    MaxTokens,

    /// <summary>The sequence filled the model's context length.</summary>
    ContextLength,
}

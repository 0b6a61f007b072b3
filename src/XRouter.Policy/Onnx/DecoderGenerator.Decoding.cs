using XRouter.Policy.Tokenization;

namespace XRouter.Policy.Onnx;

/// <summary>The generation loop: sample, append, stop.</summary>
public sealed partial class DecoderGenerator
{
    /// <summary>
    /// Generates tokens after the current sequence, one <see cref="DecodedToken"/> per token, until an
    /// end-of-sequence token, a stop sequence, <see cref="DecodingOptions.MaxNewTokens"/> or the context
    /// length; the last item carries the finish reason. Each token costs one cached decode step.
    /// </summary>
    /// <param name="options">Sampling and stop settings.</param>
    /// <param name="detokenizer">Turns tokens into text deltas; required when stop sequences are set.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <exception cref="OperationCanceledException">When cancelled; the sequence keeps the tokens generated so far.</exception>
    public IEnumerable<DecodedToken> Generate(DecodingOptions options, IncrementalDetokenizer? detokenizer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (options.StopSequences.Count > 0 && detokenizer is null)
        {
            throw new ArgumentException("Stop sequences need a detokenizer to see the generated text.", nameof(detokenizer));
        }

        if (_length == 0)
        {
            throw new InvalidOperationException("Append a prompt before generating.");
        }

        if (_length >= ContextLength)
        {
            throw new InvalidOperationException($"The sequence already fills the context length of {ContextLength} tokens.");
        }

        return GenerateTokens(options, detokenizer, cancellationToken);
    }

    private IEnumerable<DecodedToken> GenerateTokens(DecodingOptions options, IncrementalDetokenizer? detokenizer, CancellationToken cancellationToken)
    {
        var sampler = new LogitsSampler(options, _model.VocabSize);
        var stops = new StopSequenceMatcher(options.StopSequences);
        var eos = _model.EosTokenIds;
        for (int generated = 1; ; generated++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int token = sampler.Next(ComputeLogits(), Tokens);
            Append([token]);
            bool isEos = eos.Contains(token);
            DecodeFinishReason? reason =
                isEos ? DecodeFinishReason.EndOfSequence
                : generated >= options.MaxNewTokens ? DecodeFinishReason.MaxTokens
                : _length >= ContextLength ? DecodeFinishReason.ContextLength
                : null;
            string text = detokenizer is null ? string.Empty
                : (isEos ? string.Empty : detokenizer.Append(token)) + (reason is null ? string.Empty : detokenizer.Flush());
            var (visible, stopped, _) = stops.Push(text, final: reason is not null);
            if (stopped)
            {
                reason = DecodeFinishReason.StopSequence;
            }

            yield return new DecodedToken(token, visible, reason);
            if (reason is not null)
            {
                yield break;
            }
        }
    }
}

using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace XRouter.Policy.Onnx;

/// <summary>
/// One token sequence and its KV cache over an <see cref="OnnxDecoderModel"/>. Tokens are appended, then
/// <see cref="ComputeLogits"/> runs the model over the tokens the cache does not hold yet (the whole prompt
/// on prefill, one token per decode step) and keeps the present tensors as the next past. Not thread-safe.
/// </summary>
public sealed partial class DecoderGenerator : IDisposable
{
    private readonly OnnxDecoderModel _model;
    private readonly DecoderSignature _signature;
    private readonly int[] _tokens;
    private readonly IntegerTensorBuffer _ids;
    private readonly IntegerTensorBuffer? _mask;
    private readonly IntegerTensorBuffer? _positions;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly OrtValue[] _inputs;
    private readonly OrtValue[] _past;
    private readonly float[] _logits;
    private readonly RunOptions _runOptions = new();
    private int _length;
    private int _cachedLength;
    private bool _disposed;

    internal DecoderGenerator(OnnxDecoderModel model)
    {
        _model = model;
        _signature = model.Signature;
        int capacity = model.ContextLength;
        _tokens = new int[capacity];
        _ids = new IntegerTensorBuffer(_signature.IdsType, capacity);
        _mask = _signature.MaskType is { } maskType ? Filled(maskType, capacity, _ => 1) : null;
        _positions = _signature.PositionType is { } positionType ? Filled(positionType, capacity, i => i) : null;
        _inputNames =
        [
            DecoderSignature.InputIds,
            .. _mask is null ? Array.Empty<string>() : [DecoderSignature.AttentionMask],
            .. _positions is null ? Array.Empty<string>() : [DecoderSignature.PositionIds],
            .. _signature.PastNames,
        ];
        _outputNames = [DecoderSignature.Logits, .. _signature.PresentNames];
        _inputs = new OrtValue[_inputNames.Length];
        _past = new OrtValue[_signature.PastNames.Count];
        for (int i = 0; i < _past.Length; i++)
        {
            _past[i] = EmptyCache();
        }

        _logits = new float[model.VocabSize];
    }

    /// <summary>The tokens of the sequence: prompt and generated.</summary>
    public ReadOnlySpan<int> Tokens => _tokens.AsSpan(0, _length);

    /// <summary>How many leading tokens the KV cache holds.</summary>
    public int CachedLength => _cachedLength;

    /// <summary>The model's context length: the most tokens this sequence can hold.</summary>
    public int ContextLength => _tokens.Length;

    /// <summary>Appends tokens; the model sees them on the next <see cref="ComputeLogits"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When a token is outside the vocabulary or the context would overflow.</exception>
    public void Append(ReadOnlySpan<int> tokens)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_length + tokens.Length > _tokens.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(tokens), $"{_length} + {tokens.Length} tokens exceed the model's context length of {_tokens.Length}.");
        }

        foreach (int token in tokens)
        {
            if ((uint)token >= (uint)_model.VocabSize)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), $"token id {token} is outside the model's vocabulary [0, {_model.VocabSize}).");
            }
        }

        foreach (int token in tokens)
        {
            _tokens[_length] = token;
            _ids.Set(_length, token);
            _length++;
        }
    }

    /// <summary>
    /// Makes <paramref name="prompt"/> the sequence, keeping the KV cache of the longest prefix it shares
    /// with the current sequence (for example the system prompt and tools of an earlier turn), and returns
    /// how many cached tokens were reused. At least the last prompt token is left to compute, so that
    /// <see cref="ComputeLogits"/> has a position to predict from.
    /// </summary>
    public int ResetTo(ReadOnlySpan<int> prompt)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfZero(prompt.Length, nameof(prompt));
        int shared = Math.Min(prompt.CommonPrefixLength(_tokens.AsSpan(0, _cachedLength)), prompt.Length - 1);
        if (shared < _cachedLength)
        {
            TruncateCache(shared);
        }

        _length = shared;
        Append(prompt[shared..]);
        return shared;
    }

    /// <summary>
    /// Runs the model over the tokens the cache lacks and returns the logits of the last position. The span
    /// is valid until the next call and may be modified by the caller (samplers do).
    /// </summary>
    /// <exception cref="InvalidOperationException">When there is no new token to run.</exception>
    public Span<float> ComputeLogits()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int pending = _length - _cachedLength;
        if (pending == 0)
        {
            throw new InvalidOperationException("Append at least one token before computing logits.");
        }

        int slot = 0;
        using var ids = _ids.View(_cachedLength, pending);
        using var mask = _mask?.View(0, _length);
        using var positions = _positions?.View(_cachedLength, pending);
        _inputs[slot++] = ids;
        if (mask is not null)
        {
            _inputs[slot++] = mask;
        }

        if (positions is not null)
        {
            _inputs[slot++] = positions;
        }

        _past.CopyTo(_inputs, slot);
        var outputs = _model.Session.Run(_runOptions, _inputNames, _inputs, _outputNames);
        using (var logits = outputs[0])
        {
            CopyLastRow(logits, pending);
        }

        // The present tensors become the next past as they are: no copy of the cache per token.
        for (int i = 0; i < _past.Length; i++)
        {
            _past[i].Dispose();
            _past[i] = outputs[i + 1];
        }

        _cachedLength = _length;
        return _logits;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var value in _past)
        {
            value.Dispose();
        }

        _runOptions.Dispose();
    }

    private static IntegerTensorBuffer Filled(TensorElementType type, int capacity, Func<int, int> value)
    {
        var buffer = new IntegerTensorBuffer(type, capacity);
        for (int i = 0; i < capacity; i++)
        {
            buffer.Set(i, value(i));
        }

        return buffer;
    }

    private OrtValue EmptyCache() =>
        OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, _signature.CacheType, _signature.CacheShape(0));

    private void CopyLastRow(OrtValue logits, int positions)
    {
        int vocab = _logits.Length;
        var bytes = logits.GetTensorMutableRawData();
        if (_signature.LogitsType == TensorElementType.Float16)
        {
            var row = MemoryMarshal.Cast<byte, Half>(bytes).Slice((positions - 1) * vocab, vocab);
            for (int i = 0; i < vocab; i++)
            {
                _logits[i] = (float)row[i];
            }
        }
        else
        {
            MemoryMarshal.Cast<byte, float>(bytes).Slice((positions - 1) * vocab, vocab).CopyTo(_logits);
        }
    }

    /// <summary>Keeps the first <paramref name="keep"/> positions of every cache tensor (one copy per turn, not per token).</summary>
    private void TruncateCache(int keep)
    {
        int elementSize = _signature.CacheType == TensorElementType.Float16 ? sizeof(ushort) : sizeof(float);
        int rowBytes = _signature.HeadSize * elementSize;
        for (int i = 0; i < _past.Length; i++)
        {
            var old = _past[i];
            long[] oldShape = old.GetTensorTypeAndShape().Shape;
            int oldLength = (int)oldShape[^2];
            int blocks = (int)(oldShape.Aggregate(1L, (a, b) => a * b) / ((long)oldLength * _signature.HeadSize));
            var fresh = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, _signature.CacheType, _signature.CacheShape(keep));
            var source = old.GetTensorMutableRawData();
            var target = fresh.GetTensorMutableRawData();
            for (int block = 0; block < blocks; block++)
            {
                source.Slice(block * oldLength * rowBytes, keep * rowBytes).CopyTo(target.Slice(block * keep * rowBytes));
            }

            old.Dispose();
            _past[i] = fresh;
        }

        _cachedLength = keep;
    }
}

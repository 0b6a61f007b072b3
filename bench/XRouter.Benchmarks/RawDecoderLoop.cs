using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace XRouter.Benchmarks;

/// <summary>
/// The baseline: the same greedy KV-cache steps written directly against <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>,
/// with nothing but the inputs each step needs and an argmax over the raw logits.
/// </summary>
internal sealed class RawDecoderLoop : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _pastNames;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly TensorElementType _cacheType;
    private readonly long[] _emptyCacheShape;
    private readonly bool _positions;
    private readonly bool _int64Ids;
    private readonly bool _int64Mask;
    private readonly bool _fp16Logits;
    private readonly int[] _ones = Enumerable.Repeat(1, 4096).ToArray();
    private readonly long[] _ones64 = Enumerable.Repeat(1L, 4096).ToArray();

    public RawDecoderLoop(string modelFile)
    {
        _session = new InferenceSession(modelFile);
        var inputs = _session.InputMetadata;
        _pastNames = [.. inputs.Keys.Where(n => n.StartsWith("past", StringComparison.Ordinal))];
        _positions = inputs.ContainsKey("position_ids");
        _inputNames = ["input_ids", "attention_mask", .. _positions ? ["position_ids"] : Array.Empty<string>(), .. _pastNames];
        _outputNames = ["logits", .. _session.OutputMetadata.Keys.Where(n => n.StartsWith("present", StringComparison.Ordinal))];
        var cache = inputs[_pastNames[0]];
        _cacheType = cache.ElementDataType;
        int symbolic = 0;
        _emptyCacheShape = [.. cache.Dimensions.Select(d => d > 0 ? d : symbolic++ == 0 ? 1L : 0L)];
        _int64Ids = inputs["input_ids"].ElementDataType == TensorElementType.Int64;
        _int64Mask = inputs["attention_mask"].ElementDataType == TensorElementType.Int64;
        _fp16Logits = _session.OutputMetadata["logits"].ElementDataType == TensorElementType.Float16;
    }

    /// <summary>Prefill then <paramref name="steps"/> greedy decode steps; returns the last token.</summary>
    public int Run(int[] prompt, int steps)
    {
        var past = _pastNames.Select(_ => OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, _cacheType, _emptyCacheShape)).ToArray();
        int total = prompt.Length;
        int token = Step(prompt, 0, total, past);
        for (int i = 1; i < steps; i++)
        {
            total++;
            token = Step([token], total - 1, total, past);
        }

        foreach (var value in past)
        {
            value.Dispose();
        }

        return token;
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }

    private int Step(int[] ids, int start, int total, OrtValue[] past)
    {
        using var idsValue = Integers(ids, _int64Ids);
        using var mask = _int64Mask
            ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _ones64.AsMemory(0, total), [1, total])
            : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _ones.AsMemory(0, total), [1, total]);
        using var positions = _positions ? Integers(Enumerable.Range(start, ids.Length).ToArray(), _int64Ids) : null;
        OrtValue[] inputs = [idsValue, mask, .. positions is null ? Array.Empty<OrtValue>() : [positions], .. past];
        var outputs = _session.Run(_runOptions, _inputNames, inputs, _outputNames);
        int next;
        using (var logits = outputs[0])
        {
            next = ArgMaxOfLastRow(logits, ids.Length);
        }

        for (int i = 0; i < past.Length; i++)
        {
            past[i].Dispose();
            past[i] = outputs[i + 1];
        }

        return next;
    }

    private int ArgMaxOfLastRow(OrtValue logits, int rows)
    {
        var bytes = logits.GetTensorMutableRawData();
        return _fp16Logits
            ? ArgMaxOfLastRow(MemoryMarshal.Cast<byte, Half>(bytes), rows)
            : ArgMaxOfLastRow(MemoryMarshal.Cast<byte, float>(bytes), rows);
    }

    private static int ArgMaxOfLastRow<T>(Span<T> all, int rows)
        where T : System.Numerics.IComparisonOperators<T, T, bool>
    {
        int vocab = all.Length / rows;
        var row = all.Slice((rows - 1) * vocab, vocab);
        int best = 0;
        for (int i = 1; i < row.Length; i++)
        {
            best = row[i] > row[best] ? i : best;
        }

        return best;
    }

    private static OrtValue Integers(int[] values, bool int64) => int64
        ? OrtValue.CreateTensorValueFromMemory(values.Select(v => (long)v).ToArray(), [1, values.Length])
        : OrtValue.CreateTensorValueFromMemory(values, [1, values.Length]);
}

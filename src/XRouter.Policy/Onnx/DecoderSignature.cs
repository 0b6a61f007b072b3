using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace XRouter.Policy.Onnx;

/// <summary>
/// What a decoder session really takes and returns, discovered from its metadata rather than trusted
/// from the config: id/mask/position element types, whether position ids exist, the cache layout, and
/// the cache and logits element types (fp32 or fp16).
/// </summary>
internal sealed class DecoderSignature
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string PositionIds = "position_ids";
    public const string Logits = "logits";

    private DecoderSignature(
        TensorElementType idsType,
        TensorElementType? maskType,
        TensorElementType? positionType,
        bool combinedCache,
        string[] pastNames,
        string[] presentNames,
        TensorElementType cacheType,
        TensorElementType logitsType,
        int kvHeads,
        int headSize)
    {
        IdsType = idsType;
        MaskType = maskType;
        PositionType = positionType;
        CombinedCache = combinedCache;
        PastNames = pastNames;
        PresentNames = presentNames;
        CacheType = cacheType;
        LogitsType = logitsType;
        KvHeads = kvHeads;
        HeadSize = headSize;
    }

    public TensorElementType IdsType { get; }

    public TensorElementType? MaskType { get; }

    public TensorElementType? PositionType { get; }

    /// <summary>True for one <c>[2,B,H,P,D]</c> tensor per layer; false for separate <c>[B,H,P,D]</c> key and value tensors.</summary>
    public bool CombinedCache { get; }

    /// <summary>Cache input names in the order the present outputs are listed.</summary>
    public IReadOnlyList<string> PastNames { get; }

    /// <summary>Cache output names, index-aligned with <see cref="PastNames"/>.</summary>
    public IReadOnlyList<string> PresentNames { get; }

    public TensorElementType CacheType { get; }

    public TensorElementType LogitsType { get; }

    public int KvHeads { get; }

    public int HeadSize { get; }

    /// <summary>The shape of a cache input holding <paramref name="length"/> positions for one sequence.</summary>
    public long[] CacheShape(long length) =>
        CombinedCache ? [2, 1, KvHeads, length, HeadSize] : [1, KvHeads, length, HeadSize];

    public static DecoderSignature Discover(InferenceSession session, GenAiConfig config, string modelPath)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        if (!inputs.TryGetValue(InputIds, out var ids))
        {
            throw Invalid(modelPath, $"has no '{InputIds}' input (inputs: {string.Join(", ", inputs.Keys)})");
        }

        if (!outputs.TryGetValue(Logits, out var logits))
        {
            throw Invalid(modelPath, $"has no '{Logits}' output (outputs: {string.Join(", ", outputs.Keys)})");
        }

        var names = config.CacheNames;
        var (past, present, combined) = CacheNames(inputs, outputs, names.PastKey, names.PresentKey, names.PastValue, names.PresentValue) is { Count: > 0 } separate
            ? (separate.Select(p => p.Past).ToArray(), separate.Select(p => p.Present).ToArray(), false)
            : CacheNames(inputs, outputs, names.PastCombined, names.PresentCombined, null, null) is { Count: > 0 } stacked
                ? (stacked.Select(p => p.Past).ToArray(), stacked.Select(p => p.Present).ToArray(), true)
                : throw Invalid(modelPath, $"has no KV cache inputs named '{names.PastKey}' or '{names.PastCombined}' (inputs: {string.Join(", ", inputs.Keys)}); export the model with past/present tensors");

        var cache = inputs[past[0]];
        int rank = combined ? 5 : 4;
        if (cache.Dimensions.Length != rank)
        {
            throw Invalid(modelPath, $"cache input '{past[0]}' has rank {cache.Dimensions.Length}, expected {rank} for the {(combined ? "combined [2,B,H,P,D]" : "separate [B,H,P,D]")} layout");
        }

        int heads = Dimension(cache.Dimensions[rank - 3], config.KvHeads, modelPath, past[0], "heads");
        int headSize = Dimension(cache.Dimensions[rank - 1], config.HeadSize, modelPath, past[0], "head size");
        return new DecoderSignature(
            Integer(ids, InputIds, modelPath),
            inputs.TryGetValue(AttentionMask, out var mask) ? Integer(mask, AttentionMask, modelPath) : null,
            inputs.TryGetValue(PositionIds, out var positions) ? Integer(positions, PositionIds, modelPath) : null,
            combined,
            past,
            present,
            FloatingPoint(cache, past[0], modelPath),
            FloatingPoint(logits, Logits, modelPath),
            heads,
            headSize);
    }

    private static List<(string Past, string Present)> CacheNames(
        IReadOnlyDictionary<string, NodeMetadata> inputs,
        IReadOnlyDictionary<string, NodeMetadata> outputs,
        string pastTemplate,
        string presentTemplate,
        string? secondPastTemplate,
        string? secondPresentTemplate)
    {
        var pairs = new List<(string, string)>();
        for (int layer = 0; inputs.ContainsKey(CacheNameTemplates.Format(pastTemplate, layer)); layer++)
        {
            pairs.Add(Pair(pastTemplate, presentTemplate, layer));
            if (secondPastTemplate is not null)
            {
                pairs.Add(Pair(secondPastTemplate, secondPresentTemplate!, layer));
            }
        }

        var missing = pairs.Where(p => !inputs.ContainsKey(p.Item1) || !outputs.ContainsKey(p.Item2)).ToList();
        return missing.Count == 0
            ? pairs
            : throw new InvalidDataException($"cache tensors are incomplete: missing {string.Join(", ", missing.Select(p => inputs.ContainsKey(p.Item1) ? p.Item2 : p.Item1))}.");

        static (string, string) Pair(string past, string present, int layer) =>
            (CacheNameTemplates.Format(past, layer), CacheNameTemplates.Format(present, layer));
    }

    private static int Dimension(int fromSession, int? fromConfig, string modelPath, string input, string what) =>
        fromSession > 0 ? fromSession
        : fromConfig ?? throw Invalid(modelPath, $"cache input '{input}' has a symbolic {what} and genai_config.json does not give it");

    private static TensorElementType Integer(NodeMetadata metadata, string name, string modelPath) =>
        metadata.ElementDataType is TensorElementType.Int32 or TensorElementType.Int64
            ? metadata.ElementDataType
            : throw Invalid(modelPath, $"input '{name}' has element type {metadata.ElementDataType}; only int32 and int64 are supported");

    private static TensorElementType FloatingPoint(NodeMetadata metadata, string name, string modelPath) =>
        metadata.ElementDataType is TensorElementType.Float or TensorElementType.Float16
            ? metadata.ElementDataType
            : throw Invalid(modelPath, $"tensor '{name}' has element type {metadata.ElementDataType}; only float32 and float16 are supported");

    private static InvalidDataException Invalid(string modelPath, string problem) => new($"{modelPath}: the decoder {problem}.");
}

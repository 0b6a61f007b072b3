using System.Text.Json;

namespace XRouter.Policy.Onnx;

/// <summary>
/// The parts of an ONNX Runtime GenAI <c>genai_config.json</c> that the runtime uses. Parsing is lenient:
/// unknown keys are ignored and <c>eos_token_id</c> may be one id or an array; only the decoder file name
/// and <c>context_length</c> are required. Tensor names come from the session, so the config's name
/// templates are hints used to tell the cache layout apart.
/// </summary>
internal sealed record GenAiConfig(
    string DecoderFileName,
    int ContextLength,
    IReadOnlyList<int> EosTokenIds,
    int? VocabSize,
    int? KvHeads,
    int? HeadSize,
    CacheNameTemplates CacheNames)
{
    public const string FileName = "genai_config.json";

    public static GenAiConfig Load(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no {FileName} in the model folder (export the model with the ONNX Runtime GenAI model builder).", path);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return Parse(document.RootElement, path);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
    }

    private static GenAiConfig Parse(JsonElement root, string path)
    {
        var model = Object(root, "model") ?? throw Invalid(path, "model", "is missing");
        var decoder = Object(model, "decoder") ?? throw Invalid(path, "model.decoder", "is missing");
        string fileName = String(decoder, "filename") ?? throw Invalid(path, "model.decoder.filename", "is missing");
        int contextLength = Int(model, "context_length", path) ?? throw Invalid(path, "model.context_length", "is missing");
        if (contextLength <= 0)
        {
            throw Invalid(path, "model.context_length", $"must be positive, was {contextLength}");
        }

        var inputs = Object(decoder, "inputs") ?? default;
        var outputs = Object(decoder, "outputs") ?? default;
        var names = new CacheNameTemplates(
            String(inputs, "past_key_names") ?? "past_key_values.%d.key",
            String(inputs, "past_value_names") ?? "past_key_values.%d.value",
            String(outputs, "present_key_names") ?? "present.%d.key",
            String(outputs, "present_value_names") ?? "present.%d.value",
            String(inputs, "past_names") ?? "past_%d",
            String(outputs, "present_names") ?? "present_%d");
        return new GenAiConfig(
            fileName,
            contextLength,
            EosIds(model, path),
            Int(model, "vocab_size", path),
            Int(decoder, "num_key_value_heads", path),
            Int(decoder, "head_size", path),
            names);
    }

    private static List<int> EosIds(JsonElement model, string path)
    {
        if (!model.TryGetProperty("eos_token_id", out var eos) || eos.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (eos.ValueKind == JsonValueKind.Number && eos.TryGetInt32(out int single))
        {
            return [single];
        }

        if (eos.ValueKind == JsonValueKind.Array && eos.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out _)))
        {
            return [.. eos.EnumerateArray().Select(e => e.GetInt32())];
        }

        throw Invalid(path, "model.eos_token_id", $"must be an integer or an array of integers, was {eos.GetRawText()}");
    }

    private static JsonElement? Object(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? String(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement parent, string name, string path)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int result)
            ? result
            : throw Invalid(path, name, $"must be an integer, was {value.GetRawText()}");
    }

    private static InvalidDataException Invalid(string path, string field, string problem) => new($"{path}: {field} {problem}.");
}

/// <summary>
/// The <c>%d</c> name templates of the KV cache tensors: separate key/value tensors per layer, or one
/// combined tensor per layer with key and value stacked in dimension 0 (GPT-2 style exports).
/// </summary>
internal sealed record CacheNameTemplates(
    string PastKey,
    string PastValue,
    string PresentKey,
    string PresentValue,
    string PastCombined,
    string PresentCombined)
{
    public static string Format(string template, int layer) =>
        template.Replace("%d", layer.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}

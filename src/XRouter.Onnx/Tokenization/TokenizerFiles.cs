using System.Text.Json;

namespace XRouter.Onnx.Tokenization;

/// <summary>
/// Reads a Hugging Face byte-level BPE tokenizer folder: <c>tokenizer.json</c>, or <c>vocab.json</c> plus
/// <c>merges.txt</c> (with or without a <c>#version</c> header), and the added tokens of
/// <c>tokenizer_config.json</c>. Picks the pre-tokenization pattern the tokenizer was trained with.
/// </summary>
internal sealed record TokenizerFiles(
    Dictionary<string, int> Vocabulary,
    List<string> Merges,
    Dictionary<string, int> AddedTokens,
    string PreTokenizerPattern,
    bool NormalizeToNfc)
{
    /// <summary>Qwen2's pre-tokenization: contractions, letter runs with one leading non-letter, single digits, punctuation runs, newlines, spaces.</summary>
    public const string Qwen2Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>GPT-2's pre-tokenization, used by tokenizers whose byte-level pre-tokenizer applies its own regex.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static TokenizerFiles Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{folder}: the tokenizer folder does not exist.");
        }

        string tokenizerJson = Path.Combine(folder, "tokenizer.json");
        string vocabJson = Path.Combine(folder, "vocab.json");
        string mergesTxt = Path.Combine(folder, "merges.txt");
        var config = ReadJson(Path.Combine(folder, "tokenizer_config.json"));
        var files = File.Exists(tokenizerJson) ? FromTokenizerJson(tokenizerJson)
            : File.Exists(vocabJson) && File.Exists(mergesTxt) ? FromVocabAndMerges(vocabJson, mergesTxt, config)
            : throw new FileNotFoundException($"{folder}: no tokenizer.json, nor vocab.json with merges.txt.");
        if (config is { } root && root.TryGetProperty("added_tokens_decoder", out var added) && added.ValueKind == JsonValueKind.Object)
        {
            foreach (var token in added.EnumerateObject())
            {
                if (!int.TryParse(token.Name, System.Globalization.CultureInfo.InvariantCulture, out int id) || !token.Value.TryGetProperty("content", out var content))
                {
                    throw new InvalidDataException($"{Path.Combine(folder, "tokenizer_config.json")}: added_tokens_decoder entry '{token.Name}' needs an integer key and a content.");
                }

                files.AddedTokens[content.GetString()!] = id;
            }
        }

        return files;
    }

    private static TokenizerFiles FromVocabAndMerges(string vocabPath, string mergesPath, JsonElement? config)
    {
        var vocabulary = ReadJson(vocabPath)!.Value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
        var merges = new List<string>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(mergesPath))
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal)))
            {
                continue;
            }

            if (line.Split(' ').Length != 2)
            {
                throw new InvalidDataException($"{mergesPath}:{lineNumber}: a merge is two tokens separated by one space, got '{line}'.");
            }

            merges.Add(line);
        }

        // Qwen2Tokenizer normalizes text to NFC before splitting; GPT2Tokenizer does not.
        bool gpt2 = config is { } root && root.TryGetProperty("tokenizer_class", out var cls) && cls.GetString() == "GPT2Tokenizer";
        return new TokenizerFiles(vocabulary, merges, new Dictionary<string, int>(StringComparer.Ordinal), gpt2 ? Gpt2Pattern : Qwen2Pattern, NormalizeToNfc: !gpt2);
    }

    private static TokenizerFiles FromTokenizerJson(string path)
    {
        var root = ReadJson(path)!.Value;
        if (!root.TryGetProperty("model", out var model) || !model.TryGetProperty("vocab", out var vocab) || !model.TryGetProperty("merges", out var mergeList))
        {
            throw new InvalidDataException($"{path}: model.vocab and model.merges are required (only BPE tokenizers are supported).");
        }

        var vocabulary = vocab.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);

        // Newer files write merges as [left, right] pairs, older ones as "left right".
        var merges = mergeList.EnumerateArray()
            .Select(m => m.ValueKind == JsonValueKind.Array ? $"{m[0].GetString()} {m[1].GetString()}" : m.GetString()!)
            .ToList();
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        if (root.TryGetProperty("added_tokens", out var tokens) && tokens.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in tokens.EnumerateArray())
            {
                added[token.GetProperty("content").GetString()!] = token.GetProperty("id").GetInt32();
            }
        }

        bool nfc = root.TryGetProperty("normalizer", out var normalizer) && normalizer.ValueKind == JsonValueKind.Object
            && normalizer.TryGetProperty("type", out var type) && type.GetString() == "NFC";
        return new TokenizerFiles(vocabulary, merges, added, SplitPattern(root) ?? Gpt2Pattern, nfc);
    }

    /// <summary>The regex of a <c>Split</c> pre-tokenizer, alone or inside a <c>Sequence</c>.</summary>
    private static string? SplitPattern(JsonElement root)
    {
        if (!root.TryGetProperty("pre_tokenizer", out var pre) || pre.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var steps = pre.TryGetProperty("pretokenizers", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [pre];
        return steps
            .Where(s => s.TryGetProperty("type", out var type) && type.GetString() == "Split")
            .Select(s => s.TryGetProperty("pattern", out var p) && p.TryGetProperty("Regex", out var regex) ? regex.GetString() : null)
            .FirstOrDefault(p => p is not null);
    }

    private static JsonElement? ReadJson(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
    }
}

using System.Text.Json;
using XRouter.Policy.Tokenization;
using XRouter.Testing;

namespace XRouter.Policy.Tests;

/// <summary>Paths of the tiny ONNX models and tokenizers in ../shared/models, and the Qwen2.5 tokenizer loaded once.</summary>
internal static class ModelFixtures
{
    private static readonly Lazy<ByteLevelBpeTokenizer> s_qwen = new(() => ByteLevelBpeTokenizer.Load(QwenTokenizer));

    public static string TinyQwen2Fp16 => SharedAssets.PathOf("models", "tiny-qwen2-gqa-fp16");

    public static string TinyGpt2Fp32 => SharedAssets.PathOf("models", "tiny-gpt2-fp32");

    public static string QwenTokenizer => SharedAssets.PathOf("models", "qwen2.5-tokenizer");

    public static ByteLevelBpeTokenizer Qwen => s_qwen.Value;

    /// <summary>Copies a fixture model folder to a fresh temporary folder, so that a test may edit its config.</summary>
    public static string CopyToTemp(string folder)
    {
        string target = Directory.CreateTempSubdirectory("xrouter-model-").FullName;
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            File.SetAttributes(Path.Combine(target, Path.GetFileName(file)), FileAttributes.Normal);
        }

        return target;
    }

    /// <summary>
    /// Writes a byte-level tokenizer whose ids fit the tiny models: the 256 byte characters (ids 0..255),
    /// the given extra vocabulary entries and merges, and the Qwen2.5 chat markers as added tokens from 300 on.
    /// </summary>
    public static string WriteByteTokenizer(IReadOnlyDictionary<string, int>? extraVocabulary = null, string merges = "")
    {
        string folder = Directory.CreateTempSubdirectory("xrouter-tokenizer-").FullName;
        var vocab = Enumerable.Range(0, 256).ToDictionary(b => ByteLevelAlphabet.CharOf((byte)b).ToString(), b => b);
        foreach (var (token, id) in extraVocabulary ?? new Dictionary<string, int>())
        {
            vocab[token] = id;
        }

        string[] added = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<tool_call>", "</tool_call>"];
        var config = new Dictionary<string, object>
        {
            ["added_tokens_decoder"] = added.Select((content, i) => (content, i)).ToDictionary(a => (300 + a.i).ToString(System.Globalization.CultureInfo.InvariantCulture), a => new { content = a.content, special = true }),
        };
        File.WriteAllText(Path.Combine(folder, "vocab.json"), JsonSerializer.Serialize(vocab));
        File.WriteAllText(Path.Combine(folder, "merges.txt"), merges);
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), JsonSerializer.Serialize(config));
        return folder;
    }
}

using System.Text.Json;
using XRouter.Onnx.Tokenization;
using XRouter.Testing;

namespace XRouter.Onnx.Tests;

/// <summary>Paths of the tiny ONNX models and tokenizers in ../shared/models, and the Qwen2.5 tokenizer loaded once.</summary>
internal static class ModelFixtures
{
    private static readonly Lazy<ByteLevelBpeTokenizer> s_qwen = new(() => ByteLevelBpeTokenizer.Load(QwenTokenizer));

    public static string TinyGpt2Fp32 => SharedAssets.PathOf("models", "tiny-gpt2-fp32");

    public static string QwenTokenizer => SharedAssets.PathOf("models", "qwen2.5-tokenizer");

    /// <summary>The random-weight Qwen2 model in the GenAI builder's format, with the real Qwen2.5 vocabulary and tokenizer.</summary>
    public static string QwenTinyGenAi => SharedAssets.PathOf("models", "qwen2-tiny-genai");

    public static ByteLevelBpeTokenizer Qwen => s_qwen.Value;

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

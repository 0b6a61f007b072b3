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
}

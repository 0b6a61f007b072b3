using XRouter.Policy.Onnx;
using XRouter.Testing;

namespace XRouter.Policy.Tests.Onnx;

public sealed class DecoderGeneratorTests
{
    public static TheoryData<string, int[]> Models => new()
    {
        { "tiny-qwen2-gqa-fp16", [5, 17, 301, 42] },
        { "tiny-gpt2-fp32", [0, 0, 195, 731] },
    };

    [SharedAssetsTheory]
    [MemberData(nameof(Models))]
    public void CachedDecodingPicksTheSameTokensAsAFullRecomputeFor16Steps(string fixture, int[] prompt)
    {
        using var model = OnnxDecoderModel.Load(SharedAssets.PathOf("models", fixture));
        using var cached = model.CreateGenerator();
        cached.Append(prompt);

        for (int step = 0; step < 16; step++)
        {
            int withCache = LogitsSampler.ArgMax(cached.ComputeLogits());
            using var full = model.CreateGenerator();
            full.Append(cached.Tokens);
            int withoutCache = LogitsSampler.ArgMax(full.ComputeLogits());

            Assert.Equal(withoutCache, withCache);
            cached.Append([withCache]);
        }
    }

    [SharedAssetsFact]
    public void GreedyGenerationIsDeterministic()
    {
        using var model = OnnxDecoderModel.Load(ModelFixtures.TinyQwen2Fp16);

        var first = Greedy(model, [3, 14, 15, 92], 20);
        var second = Greedy(model, [3, 14, 15, 92], 20);

        Assert.Equal(20, first.Length);
        Assert.Equal(first, second);
    }

    [SharedAssetsTheory]
    [InlineData(new[] { 0, 0, 0, 52 }, new[] { 204, 204, 204, 204, 204, 204 })]
    [InlineData(new[] { 0, 0, 195, 731 }, new[] { 731, 114, 114 })]
    public void Gpt2FixtureReproducesTheUpstreamGreedyContinuation(int[] prompt, int[] expected)
    {
        using var model = OnnxDecoderModel.Load(ModelFixtures.TinyGpt2Fp32);

        var generated = Greedy(model, prompt, expected.Length);

        Assert.Equal(expected, generated);
    }

    [SharedAssetsFact]
    public void Fp16LogitsAreConvertedToFiniteDistinctFloats()
    {
        using var model = OnnxDecoderModel.Load(ModelFixtures.TinyQwen2Fp16);
        using var generator = model.CreateGenerator();
        generator.Append([1, 2, 3]);

        var logits = generator.ComputeLogits().ToArray();

        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float16, model.Signature.LogitsType);
        Assert.Equal(1000, logits.Length);
        Assert.All(logits, value => Assert.True(float.IsFinite(value)));
        Assert.True(logits.Max() > logits.Min());
    }

    [SharedAssetsFact]
    public void ResetToKeepsTheCacheOfTheSharedPrefixAndGivesTheSameLogitsAsAFreshRun()
    {
        using var model = OnnxDecoderModel.Load(ModelFixtures.TinyGpt2Fp32);
        using var reused = model.CreateGenerator();
        reused.Append([10, 11, 12, 13, 14, 15]);
        reused.ComputeLogits();
        using var fresh = model.CreateGenerator();
        fresh.Append([10, 11, 12, 40, 41]);

        int kept = reused.ResetTo([10, 11, 12, 40, 41]);
        var logits = reused.ComputeLogits().ToArray();

        Assert.Equal(3, kept);
        var expected = fresh.ComputeLogits().ToArray();
        Assert.All(Enumerable.Range(0, expected.Length), i => Assert.Equal(expected[i], logits[i], 3));
    }

    [SharedAssetsFact]
    public void AppendRejectsATokenOutsideTheVocabulary()
    {
        using var model = OnnxDecoderModel.Load(ModelFixtures.TinyGpt2Fp32);
        using var generator = model.CreateGenerator();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => generator.Append([15496]));

        Assert.Contains("15496", error.Message, StringComparison.Ordinal);
    }

    internal static int[] Greedy(OnnxDecoderModel model, int[] prompt, int count)
    {
        using var generator = model.CreateGenerator();
        generator.Append(prompt);
        return [.. generator.Generate(new DecodingOptions { MaxNewTokens = count }).Select(t => t.TokenId)];
    }
}

using System.Text.Json.Nodes;
using XRouter.Policy.Onnx;
using XRouter.Policy.Tokenization;
using XRouter.Testing;

namespace XRouter.Policy.Tests.Onnx;

public sealed class GenerationStopTests
{
    // Greedy continuation of [0,0,0,52] on the GPT-2 fixture is 204, 204, ... (models README).
    private static readonly int[] s_prompt = [0, 0, 0, 52];

    [SharedAssetsFact]
    public void StopsOnAnEosIdFromAnEosArrayInTheConfig()
    {
        string folder = ModelFixtures.CopyToTemp(ModelFixtures.TinyGpt2Fp32);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "genai_config.json")))!;
        config["model"]!["eos_token_id"] = new JsonArray(7, 204);
        File.WriteAllText(Path.Combine(folder, "genai_config.json"), config.ToJsonString());
        using var model = OnnxDecoderModel.Load(folder);
        using var generator = model.CreateGenerator();
        generator.Append(s_prompt);

        var tokens = generator.Generate(new DecodingOptions { MaxNewTokens = 10 }).ToList();

        var only = Assert.Single(tokens);
        Assert.Equal(204, only.TokenId);
        Assert.Equal(DecodeFinishReason.EndOfSequence, only.FinishReason);
    }

    [SharedAssetsFact]
    public void StopsAfterMaxNewTokens()
    {
        using var model = OnnxDecoderModel.Load(ModelFixtures.TinyGpt2Fp32);
        using var generator = model.CreateGenerator();
        generator.Append(s_prompt);

        var tokens = generator.Generate(new DecodingOptions { MaxNewTokens = 3 }).ToList();

        Assert.Equal(3, tokens.Count);
        Assert.Equal([null, null, DecodeFinishReason.MaxTokens], tokens.Select(t => t.FinishReason));
    }

    [SharedAssetsFact]
    public void StopsWhenTheContextIsFull()
    {
        using var model = OnnxDecoderModel.Load(ModelFixtures.TinyQwen2Fp16);
        using var generator = model.CreateGenerator();
        generator.Append([.. Enumerable.Range(0, model.ContextLength - 2).Select(i => i % 1000)]);

        var tokens = generator.Generate(new DecodingOptions { MaxNewTokens = 50 }).ToList();

        Assert.Equal(2, tokens.Count);
        Assert.Equal(DecodeFinishReason.ContextLength, tokens[^1].FinishReason);
        Assert.Equal(model.ContextLength, generator.Tokens.Length);
    }

    // [0,0,195,731] continues 731, 114, 114 (models README): stopping on the text of 114 keeps only 731's text.
    [SharedAssetsFact]
    public void StopsOnAStopSequenceAndDropsIt()
    {
        var tokenizer = ByteLevelBpeTokenizer.Load(ModelFixtures.TinyGpt2Fp32);
        using var model = OnnxDecoderModel.Load(ModelFixtures.TinyGpt2Fp32);
        using var generator = model.CreateGenerator();
        generator.Append([0, 0, 195, 731]);
        var options = new DecodingOptions { MaxNewTokens = 10, StopSequences = [tokenizer.Decode([114])] };

        var tokens = generator.Generate(options, tokenizer.CreateDetokenizer()).ToList();

        Assert.Equal([731, 114], tokens.Select(t => t.TokenId));
        Assert.Equal(DecodeFinishReason.StopSequence, tokens[^1].FinishReason);
        Assert.Equal(tokenizer.Decode([731]), string.Concat(tokens.Select(t => t.Text)));
    }

    [SharedAssetsFact]
    public void CancellationStopsBeforeTheNextStep()
    {
        using var model = OnnxDecoderModel.Load(ModelFixtures.TinyGpt2Fp32);
        using var generator = model.CreateGenerator();
        generator.Append(s_prompt);
        using var cancellation = new CancellationTokenSource();
        using var tokens = generator.Generate(new DecodingOptions { MaxNewTokens = 10 }, cancellationToken: cancellation.Token).GetEnumerator();
        Assert.True(tokens.MoveNext());

        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(() => tokens.MoveNext());
        Assert.Equal(s_prompt.Length + 1, generator.Tokens.Length);
    }

    [SharedAssetsFact]
    public void SeededSamplingIsReproducibleAndDiffersAcrossSeeds()
    {
        using var model = OnnxDecoderModel.Load(ModelFixtures.TinyQwen2Fp16);

        var first = Sample(model, seed: 7);
        var again = Sample(model, seed: 7);
        var other = Sample(model, seed: 8);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    private static int[] Sample(OnnxDecoderModel model, int seed)
    {
        using var generator = model.CreateGenerator();
        generator.Append([3, 14, 15, 92]);
        var options = new DecodingOptions { MaxNewTokens = 24, Temperature = 1.5f, TopK = 50, TopP = 0.95f, RepetitionPenalty = 1.1f, Seed = seed };
        return [.. generator.Generate(options).Select(t => t.TokenId)];
    }
}

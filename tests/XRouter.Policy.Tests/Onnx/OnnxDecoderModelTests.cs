using XRouter.Policy.Onnx;
using XRouter.Testing;

namespace XRouter.Policy.Tests.Onnx;

public sealed class OnnxDecoderModelTests
{
    // The qwen2 fixture's config names position_ids, but its session has no such input.
    [SharedAssetsFact]
    public void FollowsTheSessionInputsRatherThanTheConfig()
    {
        using var model = OnnxDecoderModel.Load(ModelFixtures.TinyQwen2Fp16);

        Assert.Null(model.Signature.PositionType);
        Assert.False(model.Signature.CombinedCache);
        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int32, model.Signature.IdsType);
        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64, model.Signature.MaskType);
        Assert.Equal(4, model.Signature.PastNames.Count);
    }

    [SharedAssetsFact]
    public void RecognisesTheCombinedCacheLayout()
    {
        using var model = OnnxDecoderModel.Load(ModelFixtures.TinyGpt2Fp32);

        Assert.True(model.Signature.CombinedCache);
        Assert.Equal(["past_0", "past_1", "past_2", "past_3", "past_4"], model.Signature.PastNames);
        Assert.Equal([98], model.EosTokenIds);
        Assert.Equal(512, model.ContextLength);
    }

    [SharedAssetsFact]
    public void CudaWithoutTheGpuBuildIsAClearError()
    {
        var error = Assert.Throws<NotSupportedException>(() => OnnxDecoderModel.Load(ModelFixtures.TinyGpt2Fp32, OnnxExecutionProvider.Cuda));

        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingConfigNamesTheFile()
    {
        string folder = Directory.CreateTempSubdirectory("xrouter-empty-").FullName;

        var error = Assert.Throws<FileNotFoundException>(() => OnnxDecoderModel.Load(folder));

        Assert.Contains("genai_config.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingContextLengthNamesTheField()
    {
        string folder = Directory.CreateTempSubdirectory("xrouter-config-").FullName;
        File.WriteAllText(Path.Combine(folder, "genai_config.json"), """{"model": {"decoder": {"filename": "model.onnx"}, "eos_token_id": 2, "extra": true}}""");

        var error = Assert.Throws<InvalidDataException>(() => OnnxDecoderModel.Load(folder));

        Assert.Contains("model.context_length", error.Message, StringComparison.Ordinal);
    }
}

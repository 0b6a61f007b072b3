using Microsoft.Extensions.Configuration;
using XRouter.Onnx;

namespace XRouter.Onnx.Tests;

public sealed class OnnxDecoderOptionsTests
{
    [Fact]
    public void BindsFromAConfigurationSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Backbone:Onnx:ModelPath"] = "/models/xrouter-7b-cpu-int4",
            ["Backbone:Onnx:ExecutionProvider"] = "Cuda",
            ["Backbone:Onnx:Temperature"] = "0.7",
            ["Backbone:Onnx:TopK"] = "20",
            ["Backbone:Onnx:Seed"] = "42",
            ["Backbone:Onnx:MaxOutputTokens"] = "256",
            ["Backbone:Onnx:IntraOpThreads"] = "2",
            ["Backbone:Onnx:ConstrainToolCalls"] = "true",
        }).Build();

        var options = configuration.GetSection("Backbone:Onnx").Get<OnnxDecoderOptions>()!;

        Assert.Equal("/models/xrouter-7b-cpu-int4", options.ModelPath);
        Assert.Equal(OnnxExecutionProvider.Cuda, options.ExecutionProvider);
        Assert.Equal(0.7f, options.Temperature);
        Assert.Equal(20, options.TopK);
        Assert.Equal(42, options.Seed);
        Assert.Equal(256, options.MaxOutputTokens);
        Assert.Equal(2, options.IntraOpThreads);
        Assert.True(options.ConstrainToolCalls);
        options.Validate();
    }

    [Theory]
    [InlineData("", 1f, 1, "ModelPath")]
    [InlineData("/models/x", 0f, 1, "TopP")]
    [InlineData("/models/x", 1f, 0, "IntraOpThreads")]
    public void InvalidOptionsNameTheSetting(string modelPath, float topP, int threads, string setting)
    {
        var options = new OnnxDecoderOptions { ModelPath = modelPath, TopP = topP, IntraOpThreads = threads };

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Equal(setting, error.ParamName);
    }
}

using Microsoft.Extensions.Configuration;
using XRouter.Policy.Onnx;

namespace XRouter.Policy.Tests.Onnx;

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
        }).Build();

        var options = configuration.GetSection("Backbone:Onnx").Get<OnnxDecoderOptions>()!;

        Assert.Equal("/models/xrouter-7b-cpu-int4", options.ModelPath);
        Assert.Equal(OnnxExecutionProvider.Cuda, options.ExecutionProvider);
        Assert.Equal(0.7f, options.Temperature);
        Assert.Equal(20, options.TopK);
        Assert.Equal(42, options.Seed);
        Assert.Equal(256, options.MaxOutputTokens);
        options.Validate();
    }

    [Theory]
    [InlineData("", 1f, "ModelPath")]
    [InlineData("/models/x", 0f, "TopP")]
    public void InvalidOptionsNameTheSetting(string modelPath, float topP, string setting)
    {
        var options = new OnnxDecoderOptions { ModelPath = modelPath, TopP = topP };

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Equal(setting, error.ParamName);
    }
}

using XRouter.Onnx;

namespace XRouter.Onnx.Tests;

public sealed class StopSequenceMatcherTests
{
    [Fact]
    public void HoldsBackAPossibleStartAndReleasesItWhenItDoesNotMatch()
    {
        var matcher = new StopSequenceMatcher(["<|im_end|>"]);

        var held = matcher.Push("Hi <|im", final: false);
        var released = matcher.Push("age", final: false);

        Assert.Equal(("Hi ", false, ""), held);
        Assert.Equal(("<|image", false, ""), released);
    }

    [Fact]
    public void CutsAtAMatchSpanningDeltasAndReturnsTheRemainder()
    {
        var matcher = new StopSequenceMatcher(["<|im_end|>"]);
        var before = matcher.Push("Done<|im_", final: false);

        var result = matcher.Push("end|>tail", final: false);

        Assert.Equal(("Done", false, ""), before);
        Assert.Equal(("", true, "<|im_end|>tail"), result);
    }
}

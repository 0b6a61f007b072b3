using XRouter.Onnx.Tokenization;
using XRouter.Testing;

namespace XRouter.Onnx.Tests.Tokenization;

public sealed class ByteLevelBpeTokenizerTests
{
    // Expected ids are read off the fixture files by hand: tokenizer_config.json lists the added tokens
    // (<|im_start|> 151644, <|im_end|> 151645, <tool_call> 151657); vocab.json maps "user" to 872,
    // "Ċ" (byte-level newline) to 198, "Hello" to 9707 and "Ġworld" (space + world) to 1879.
    [SharedAssetsFact]
    public void EncodesAChatTurnWithAddedTokensAsSingleIds()
    {
        var ids = ModelFixtures.Qwen.Encode("<|im_start|>user\nHello world<|im_end|>");

        Assert.Equal([151644, 872, 198, 9707, 1879, 151645], ids);
    }

    // Qwen2's pattern splits numbers into single digits: vocab.json has "2" = 17, "0" = 15, "4" = 19.
    [SharedAssetsFact]
    public void SplitsNumbersIntoSingleDigits()
    {
        var ids = ModelFixtures.Qwen.Encode("2024");

        Assert.Equal([17, 15, 17, 19], ids);
    }

    // "你好" is the UTF-8 bytes E4 BD A0 E5 A5 BD, whose byte-level spelling "ä½łå¥½" is vocab.json entry 108386.
    [SharedAssetsFact]
    public void EncodesCjkThroughTheByteLevelAlphabet()
    {
        var ids = ModelFixtures.Qwen.Encode("你好");

        Assert.Equal([108386], ids);
    }

    // <tool_call> is an added token that is not "special": it must still be one id, as Hugging Face does.
    [SharedAssetsFact]
    public void EncodesNonSpecialAddedTokensWhole()
    {
        var ids = ModelFixtures.Qwen.Encode("<tool_call>\n");

        Assert.Equal([151657, 198], ids);
    }

    // Qwen2Tokenizer normalizes to NFC: "e" + combining acute (U+0065 U+0301) encodes like the single "é".
    [SharedAssetsFact]
    public void NormalizesToNfcBeforeEncoding()
    {
        var decomposed = ModelFixtures.Qwen.Encode("caf\u0065\u0301");

        Assert.Equal(ModelFixtures.Qwen.Encode("caf\u00e9"), decomposed);
    }

    [SharedAssetsFact]
    public void DecodeRoundTripsMixedText()
    {
        const string text = "<|im_start|>assistant\nЦена: 42 € — 你好!\n\n  done<|im_end|>";

        var decoded = ModelFixtures.Qwen.Decode(ModelFixtures.Qwen.Encode(text));

        Assert.Equal(text, decoded);
    }

    // The README of the fixture states that GPT-2's tokenizer.json encodes "Hello world" to [15496, 995].
    [SharedAssetsFact]
    public void LoadsTokenizerJsonWithGpt2PreTokenization()
    {
        var tokenizer = ByteLevelBpeTokenizer.Load(ModelFixtures.TinyGpt2Fp32);

        var ids = tokenizer.Encode("Hello world");

        Assert.Equal([15496, 995], ids);
    }

    [Theory]
    [InlineData("#version: 0.2\na b\nab c\n")]
    [InlineData("a b\nab c\n")]
    public void ReadsMergesWithOrWithoutAVersionHeader(string merges)
    {
        string folder = WriteTinyTokenizer(merges);

        var tokenizer = ByteLevelBpeTokenizer.Load(folder);

        Assert.Equal([tokenizer.TokenId("abc")!.Value], tokenizer.Encode("abc"));
    }

    [Fact]
    public void RejectsAMalformedMergeLineWithFileAndLine()
    {
        string folder = WriteTinyTokenizer("a b\nabc\n");

        var error = Assert.Throws<InvalidDataException>(() => ByteLevelBpeTokenizer.Load(folder));

        Assert.Contains("merges.txt:2", error.Message, StringComparison.Ordinal);
    }

    private static string WriteTinyTokenizer(string merges) =>
        ModelFixtures.WriteByteTokenizer(new Dictionary<string, int> { ["ab"] = 256, ["abc"] = 257 }, merges);
}

using XRouter.Testing;

namespace XRouter.Policy.Tests.Tokenization;

public sealed class IncrementalDetokenizerTests
{
    // "é" is the UTF-8 bytes C3 A9, spelled "Ã" and "©" in the byte-level alphabet: two single-byte tokens.
    [SharedAssetsFact]
    public void HoldsBackAnIncompleteMultiByteCharacter()
    {
        var tokenizer = ModelFixtures.Qwen;
        var detokenizer = tokenizer.CreateDetokenizer();

        string afterLead = detokenizer.Append(tokenizer.TokenId("Ã")!.Value);
        string afterTail = detokenizer.Append(tokenizer.TokenId("©")!.Value);

        Assert.Equal(string.Empty, afterLead);
        Assert.Equal("é", afterTail);
    }

    [SharedAssetsFact]
    public void ConcatenatedDeltasEqualTheWholeDecode()
    {
        var tokenizer = ModelFixtures.Qwen;
        var ids = tokenizer.Encode("naïve 你好 ✓ tools");
        var detokenizer = tokenizer.CreateDetokenizer();

        string streamed = string.Concat(ids.Select(detokenizer.Append)) + detokenizer.Flush();

        Assert.Equal(tokenizer.Decode(ids), streamed);
    }

    [SharedAssetsFact]
    public void FlushTurnsADanglingLeadByteIntoAReplacementCharacter()
    {
        var tokenizer = ModelFixtures.Qwen;
        var detokenizer = tokenizer.CreateDetokenizer();
        detokenizer.Append(tokenizer.TokenId("Ã")!.Value);

        string rest = detokenizer.Flush();

        Assert.Equal("\uFFFD", rest);
    }
}

using System.Text;

namespace XRouter.Onnx.Tokenization;

/// <summary>
/// Turns a stream of token ids into text deltas without ever splitting a multi-byte UTF-8 character:
/// bytes of an incomplete character wait for the tokens that complete it.
/// </summary>
public sealed class IncrementalDetokenizer
{
    private static readonly Encoding s_utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private readonly ByteLevelBpeTokenizer _tokenizer;
    private readonly List<byte> _pending = [];

    internal IncrementalDetokenizer(ByteLevelBpeTokenizer tokenizer) => _tokenizer = tokenizer;

    /// <summary>Adds one token and returns the text it completes (possibly empty); unknown ids add nothing.</summary>
    public string Append(int tokenId)
    {
        _pending.AddRange(_tokenizer.BytesOf(tokenId));
        int complete = CompleteLength(_pending);
        if (complete == 0)
        {
            return string.Empty;
        }

        string text = s_utf8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending)[..complete]);
        _pending.RemoveRange(0, complete);
        return text;
    }

    /// <summary>Returns whatever is pending, an incomplete character becoming U+FFFD, and starts afresh.</summary>
    public string Flush()
    {
        string text = s_utf8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending));
        _pending.Clear();
        return text;
    }

    /// <summary>The length of the longest prefix that does not end inside a UTF-8 sequence.</summary>
    private static int CompleteLength(List<byte> bytes)
    {
        // Look back at most 3 bytes for the lead byte of the last sequence.
        for (int back = 1; back <= Math.Min(4, bytes.Count); back++)
        {
            byte b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? bytes.Count - back : bytes.Count;
        }

        return bytes.Count;
    }
}

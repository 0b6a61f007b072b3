namespace XRouter.Onnx.Tokenization;

/// <summary>
/// GPT-2's byte-level alphabet: every byte has a printable stand-in character (space is 'Ġ', newline
/// 'Ċ'), and vocabulary entries are strings of those characters. Decoding maps them back to bytes.
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] s_byteToChar = BuildByteToChar();
    private static readonly Dictionary<char, byte> s_charToByte = Enumerable.Range(0, 256).ToDictionary(b => s_byteToChar[b], b => (byte)b);

    /// <summary>The stand-in character of <paramref name="value"/>.</summary>
    public static char CharOf(byte value) => s_byteToChar[value];

    /// <summary>The bytes a vocabulary entry stands for, or null when it holds a character outside the alphabet.</summary>
    public static byte[]? BytesOf(string token)
    {
        var bytes = new byte[token.Length];
        for (int i = 0; i < token.Length; i++)
        {
            if (!s_charToByte.TryGetValue(token[i], out bytes[i]))
            {
                return null;
            }
        }

        return bytes;
    }

    private static char[] BuildByteToChar()
    {
        // Printable Latin-1 bytes stand for themselves; the rest are shifted past 255 in byte order.
        var map = new char[256];
        int shifted = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)(256 + shifted++);
        }

        return map;
    }
}

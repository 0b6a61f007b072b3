using System.Globalization;
using System.Text;

namespace XRouter.Policy.Data;

/// <summary>
/// Parses a Python list literal of string literals, as pandas writes list cells (<c>['a', "b\n"]</c>), with
/// Python's escape rules: unknown escapes keep their backslash.
/// </summary>
internal static class PythonStringList
{
    /// <summary>The strings of <paramref name="text"/>, or null when it is not a list literal of strings.</summary>
    public static List<string>? TryParse(string text)
    {
        int i = SkipSpace(text, 0);
        if (i >= text.Length || text[i] != '[')
        {
            return null;
        }

        var items = new List<string>();
        i = SkipSpace(text, i + 1);
        while (i < text.Length && text[i] != ']')
        {
            if (ReadString(text, ref i) is not string item)
            {
                return null;
            }

            items.Add(item);
            i = SkipSpace(text, i);
            if (i < text.Length && text[i] == ',')
            {
                i = SkipSpace(text, i + 1);
            }
            else if (i >= text.Length || text[i] != ']')
            {
                return null;
            }
        }

        return i < text.Length && SkipSpace(text, i + 1) == text.Length ? items : null;
    }

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static string? ReadString(string text, ref int i)
    {
        char quote = text[i];
        if (quote is not ('\'' or '"'))
        {
            return null;
        }

        var value = new StringBuilder();
        for (i++; i < text.Length; i++)
        {
            char c = text[i];
            if (c == quote)
            {
                i++;
                return value.ToString();
            }

            if (c != '\\' || i + 1 >= text.Length)
            {
                value.Append(c);
                continue;
            }

            i++;
            if (!TryAppendEscape(text, ref i, value))
            {
                value.Append('\\').Append(text[i]);
            }
        }

        return null;
    }

    private static bool TryAppendEscape(string text, ref int i, StringBuilder value)
    {
        char e = text[i];
        char? simple = e switch
        {
            '\\' => '\\',
            '\'' => '\'',
            '"' => '"',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'b' => '\b',
            'f' => '\f',
            'v' => '\v',
            'a' => '\a',
            _ => null,
        };
        if (simple is char s)
        {
            value.Append(s);
            return true;
        }

        if (e == '\n')
        {
            return true;
        }

        int digits = e switch { 'x' => 2, 'u' => 4, 'U' => 8, _ => 0 };
        if (digits > 0 && i + digits < text.Length
            && int.TryParse(text.AsSpan(i + 1, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code)
            && code <= 0x10FFFF)
        {
            value.Append(code is >= 0xD800 and <= 0xDFFF ? ((char)code).ToString() : char.ConvertFromUtf32(code));
            i += digits;
            return true;
        }

        if (e is >= '0' and <= '7')
        {
            int end = i;
            int octal = 0;
            while (end < text.Length && end < i + 3 && text[end] is >= '0' and <= '7')
            {
                octal = (octal * 8) + (text[end] - '0');
                end++;
            }

            value.Append((char)octal);
            i = end - 1;
            return true;
        }

        return false;
    }
}

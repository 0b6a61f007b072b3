using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace XRouter.Policy.Learning.Answers;

/// <summary>
/// The final answer of a model reply, normalized so that two replies can be compared: a JSON <c>"answer"</c> field,
/// else the last LaTeX <c>\boxed{}</c>, else an "Answer: X" / "the answer is X" statement, else the reply itself when
/// it is a bare answer (an option letter such as <c>B</c> or <c>(B)</c>, a quantity such as <c>5 hours</c>, or a short
/// literal such as <c>[(4, 1), (2, 3)]</c>, <c>'abc'</c>, <c>'the cow goes moo'</c> or <c>''</c>), else the last number of
/// a prose reply. Code replies and
/// free text have no comparable answer (null): agreement between them would mean little.
/// </summary>
public static partial class ReplyAnswerExtractor
{
    /// <summary>The longest reply read as one literal answer; longer single lines are prose or code.</summary>
    private const int MaxLiteralLength = 200;

    /// <summary>The normalized answer of <paramref name="reply"/>, or null when it states none that can be compared.</summary>
    /// <param name="reply">A model's reply text.</param>
    public static string? Extract(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (JsonAnswer().Match(reply) is { Success: true } json)
        {
            return Bare(json.Groups["text"].Success ? JsonText(json.Groups["text"].Value) : json.Groups["token"].Value);
        }

        if (LastBoxed(reply) is string boxed)
        {
            return Normalize(boxed);
        }

        if (StatedAnswer().Match(reply) is { Success: true } stated)
        {
            return Normalize(stated.Groups[1].Value);
        }

        if (reply.Contains("```", StringComparison.Ordinal) || reply.Contains("def ", StringComparison.Ordinal))
        {
            return null;
        }

        return Bare(reply);
    }

    /// <summary>
    /// The answer of a text that is nothing but an answer, or the last number of prose. A literal keeps its case and
    /// inner spacing, which tell apart answers such as Python strings; a quantity drops its unit, which models word
    /// differently (<c>5</c> and <c>5 hours</c> agree).
    /// </summary>
    private static string? Bare(string text)
    {
        if (OptionLetter().Match(text) is { Success: true } option)
        {
            return option.Groups[1].Value.ToUpperInvariant();
        }

        string trimmed = text.Trim();
        if (Quantity().Match(trimmed) is { Success: true } quantity)
        {
            return NormalizeNumber(quantity.Groups[1].Value);
        }

        if (trimmed.Length <= MaxLiteralLength && !trimmed.Contains('\n'))
        {
            if (IsQuoted(trimmed))
            {
                return trimmed[1..^1];
            }

            if (!Prose().IsMatch(trimmed))
            {
                return trimmed.Length == 0 ? null : trimmed;
            }
        }

        var numbers = Number().Matches(text);
        return numbers.Count > 0 ? NormalizeNumber(numbers[^1].Value) : null;
    }

    /// <summary>
    /// Whether a text is one quoted string. Its content is the answer, whatever it reads like: a sentence or the empty
    /// string is a string value here, not prose or a missing answer. Models quote a string answer or not, so the quotes go.
    /// </summary>
    private static bool IsQuoted(string literal) =>
        literal.Length >= 2 && literal[0] == literal[^1] && literal[0] is '\'' or '"';

    /// <summary>The text of a JSON string's content; an invalid escape leaves the content as written.</summary>
    private static string JsonText(string content)
    {
        try
        {
            using var document = JsonDocument.Parse($"\"{content}\"");
            return document.RootElement.GetString() ?? string.Empty;
        }
        catch (JsonException)
        {
            return content;
        }
    }

    private static string? LastBoxed(string reply)
    {
        int at = reply.LastIndexOf("\\boxed{", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        int start = at + "\\boxed{".Length;
        int depth = 1;
        for (int i = start; i < reply.Length; i++)
        {
            depth += reply[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return reply[start..i];
            }
        }

        return null;
    }

    private static string Normalize(string text)
    {
        string trimmed = Whitespace().Replace(text.Trim().TrimEnd('.').Trim().Trim('$').Trim(), " ");
        if (OptionLetter().Match(trimmed) is { Success: true } option)
        {
            return option.Groups[1].Value.ToUpperInvariant();
        }

        return Number().Match(trimmed) is { Success: true } number && number.Length == trimmed.Length
            ? NormalizeNumber(trimmed)
            : trimmed.ToLowerInvariant();
    }

    private static string NormalizeNumber(string text)
    {
        string plain = text.Replace(",", string.Empty, StringComparison.Ordinal);
        return double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : plain;
    }

    [GeneratedRegex("\"answer\"\\s*:\\s*(?:\"(?<text>(?:[^\"\\\\]|\\\\.)*)\"|(?<token>[^\\s\",}\\]]+))")]
    private static partial Regex JsonAnswer();

    [GeneratedRegex(@"(?:answer\s*(?:is|:)\s*)\(?([^\n]{1,40}?)\)?\s*(?:\.|\n|$)", RegexOptions.IgnoreCase)]
    private static partial Regex StatedAnswer();

    [GeneratedRegex(@"^\s*\(?([A-E])(?:[).:]|\s|$)")]
    private static partial Regex OptionLetter();

    [GeneratedRegex(@"^\$?\s*(-?\d[\d,]*(?:\.\d+)?)\s*[A-Za-z%$. ]*$")]
    private static partial Regex Quantity();

    /// <summary>Three words in a row, or a text of nothing but words ("I do", a truncated refusal).</summary>
    [GeneratedRegex(@"[A-Za-z]+[ ,;:]+[A-Za-z]+[ ,;:]+[A-Za-z]+|^[A-Za-z]+(?:[ ,;:]+[A-Za-z]+)+[.!?]?$")]
    private static partial Regex Prose();

    [GeneratedRegex(@"-?\d[\d,]*(?:\.\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

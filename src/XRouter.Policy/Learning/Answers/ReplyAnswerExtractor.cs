using System.Globalization;
using System.Text.RegularExpressions;

namespace XRouter.Policy.Learning.Answers;

/// <summary>
/// The final answer of a model reply, normalized so that two replies can be compared: a JSON <c>"answer"</c> field,
/// else the last LaTeX <c>\boxed{}</c>, else an "Answer: X" / "the answer is X" statement, else a reply that is an
/// option letter (<c>B</c>, <c>(B)</c>, <c>B) ...</c>), else the last number. Code replies and free text have no
/// comparable answer (null): agreement between them would mean little.
/// </summary>
public static partial class ReplyAnswerExtractor
{
    /// <summary>The normalized answer of <paramref name="reply"/>, or null when it states none that can be compared.</summary>
    /// <param name="reply">A model's reply text.</param>
    public static string? Extract(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (JsonAnswer().Match(reply) is { Success: true } json)
        {
            return Normalize(json.Groups[1].Value);
        }

        if (LastBoxed(reply) is string boxed)
        {
            return Normalize(boxed);
        }

        if (StatedAnswer().Match(reply) is { Success: true } stated)
        {
            return Normalize(stated.Groups[1].Value);
        }

        if (OptionLetter().Match(reply) is { Success: true } option)
        {
            return option.Groups[1].Value.ToUpperInvariant();
        }

        if (reply.Contains("```", StringComparison.Ordinal) || reply.Contains("def ", StringComparison.Ordinal))
        {
            return null;
        }

        var numbers = Number().Matches(reply);
        return numbers.Count > 0 ? NormalizeNumber(numbers[^1].Value) : null;
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

    [GeneratedRegex("\"answer\"\\s*:\\s*\"?([^\"},]*)\"?")]
    private static partial Regex JsonAnswer();

    [GeneratedRegex(@"(?:answer\s*(?:is|:)\s*)\(?([^\n]{1,40}?)\)?\s*(?:\.|\n|$)", RegexOptions.IgnoreCase)]
    private static partial Regex StatedAnswer();

    [GeneratedRegex(@"^\s*\(?([A-E])(?:[).:]|\s|$)")]
    private static partial Regex OptionLetter();

    [GeneratedRegex(@"-?\d[\d,]*(?:\.\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

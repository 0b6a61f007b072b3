using System.Text.RegularExpressions;

namespace XRouter.Policy.Evaluation.Baselines;

/// <summary>
/// The comparable answer in a reply, so that two replies can be checked for agreement: a JSON <c>"answer"</c>
/// field, else a LaTeX <c>\boxed{}</c>, else a leading choice letter (<c>B</c>, <c>(B)</c>, <c>B)</c>), else the
/// whole text with case, surrounding space and a final period ignored.
/// </summary>
internal static partial class AnswerKey
{
    public static string Of(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (JsonAnswer().Match(reply) is { Success: true } json)
        {
            return Normalize(json.Groups[1].Value);
        }

        if (Boxed().Match(reply) is { Success: true } boxed)
        {
            return Normalize(boxed.Groups[1].Value);
        }

        return LeadingChoice().Match(reply) is { Success: true } choice
            ? choice.Groups[1].Value
            : Normalize(reply);
    }

    private static string Normalize(string text) =>
        Whitespace().Replace(text.Trim().TrimEnd('.').Trim(), " ").ToLowerInvariant();

    [GeneratedRegex("\"answer\"\\s*:\\s*\"([^\"]*)\"")]
    private static partial Regex JsonAnswer();

    [GeneratedRegex(@"\\boxed\{([^{}]*)\}")]
    private static partial Regex Boxed();

    [GeneratedRegex(@"^\s*\(?([A-E])(?:[).:]|\s|$)")]
    private static partial Regex LeadingChoice();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

using FsCheck;
using FsCheck.Fluent;

namespace XRouter.Testing;

/// <summary>
/// FsCheck generators of hostile input: a valid seed text damaged by a few random edits (deletions, duplications,
/// inserted syntax fragments, replaced characters), so cases stay close enough to valid input to reach deep code.
/// </summary>
public static class TextMutations
{
    /// <summary>Cases per property; the count is recorded in docs/BENCHMARKS.md.</summary>
    public const int Cases = 2000;

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", "\"", ",", ":", "\\", "\\u00", "\n", "null", "true", "-1", "1e309", "NaN", "0.5",
        "<tool_call>", "</tool_call>", "\"name\"", "\"arguments\"", "\"id\"", "\"models\"", "\"outcomes\"",
        "\"input_per_mtok\"", "\"score\"", "é", "\uD83D\uDE00", "\uD800", "\0", " ",
    ];

    /// <summary>One of <paramref name="seeds"/> after zero to five random edits.</summary>
    public static Arbitrary<string> Of(params string[] seeds)
    {
        var edit = from kind in Gen.Choose(0, 3)
                   from position in Gen.Choose(0, 10_000)
                   from length in Gen.Choose(0, 24)
                   from fragment in Gen.Elements(Fragments)
                   from character in Gen.Choose(0, 0xFFFF)
                   select (Kind: kind, Position: position, Length: length, Fragment: fragment, Character: (char)character);
        var text = from seed in Gen.Elements(seeds)
                   from count in Gen.Choose(0, 5)
                   from edits in Gen.ListOf(edit, count)
                   select edits.Aggregate(seed, Apply);
        return Arb.From(text);
    }

    private static string Apply(string text, (int Kind, int Position, int Length, string Fragment, char Character) edit)
    {
        int at = text.Length == 0 ? 0 : edit.Position % (text.Length + 1);
        int length = Math.Min(edit.Length, text.Length - at);
        return edit.Kind switch
        {
            0 => text.Remove(at, length),
            1 => text.Insert(at, text.Substring(at, length)),
            2 => text.Insert(at, edit.Fragment),
            _ => at < text.Length ? string.Concat(text.AsSpan(0, at), new string(edit.Character, 1), text.AsSpan(at + 1)) : text + edit.Character,
        };
    }
}

using System.Text;

namespace XRouter.Onnx;

/// <summary>
/// Holds back streamed text that could still become a stop sequence, so that no emitted text is ever
/// taken back: text is released once it can no longer start a match, and cut before the first match.
/// </summary>
internal sealed class StopSequenceMatcher(IList<string> stops)
{
    private readonly StringBuilder _pending = new();

    /// <summary>
    /// Adds a delta; returns the text that is safe to emit, whether a stop sequence matched, and on a match
    /// the text from the match on (the caller may drop it or keep it).
    /// </summary>
    public (string Text, bool Stopped, string Remainder) Push(string delta, bool final)
    {
        if (stops.Count == 0)
        {
            return (delta, false, string.Empty);
        }

        _pending.Append(delta);
        string pending = _pending.ToString();
        int match = stops.Select(stop => pending.IndexOf(stop, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (match >= 0)
        {
            _pending.Clear();
            return (pending[..match], true, pending[match..]);
        }

        int keep = final ? 0 : stops.Max(stop => LongestSuffixThatStarts(pending, stop));
        _pending.Clear().Append(pending, pending.Length - keep, keep);
        return (pending[..^keep], false, string.Empty);
    }

    private static int LongestSuffixThatStarts(string text, string stop)
    {
        for (int length = Math.Min(text.Length, stop.Length - 1); length > 0; length--)
        {
            if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
            {
                return length;
            }
        }

        return 0;
    }
}

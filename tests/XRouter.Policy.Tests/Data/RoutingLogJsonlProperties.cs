using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using XRouter.Testing;
using XRouter.Policy.Data;

namespace XRouter.Policy.Tests.Data;

public sealed class RoutingLogJsonlProperties
{
    private static readonly Arbitrary<string> Logs = TextMutations.Of(
        """
        {"id": "q1", "task": "gsm8k", "prompt": "What is 6 x 7?", "reference": "42", "outcomes": {"small": {"score": 0, "response": "41", "input_tokens": 12, "output_tokens": 3, "cost_usd": 0.0001}, "large": {"score": 1}}}
        {"id": "q2", "prompt": "Name a prime.", "outcomes": {"small": {"score": 1, "latency_ms": 250}}}
        """,
        """{"id": "q1", "prompt": "p", "outcomes": {}}""");

    [Property(MaxTest = TextMutations.Cases)]
    public Property Any_text_either_reads_or_is_rejected_naming_source_and_line() => Prop.ForAll(Logs, text =>
    {
        try
        {
            var entries = ReadAll(text);
            return entries.All(e => !string.IsNullOrEmpty(e.Id) && e.Prompt is not null && e.Outcomes is not null)
                && entries.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count() == entries.Count;
        }
        catch (RoutingDataException e)
        {
            return e.Message.StartsWith("fuzz.jsonl:", StringComparison.Ordinal);
        }
    });

    private static List<RoutingLogEntry> ReadAll(string text)
    {
        using var reader = new StringReader(text);
        return RoutingLogJsonl.ReadAsync(reader, "fuzz.jsonl").ToListAsync().AsTask().GetAwaiter().GetResult();
    }

    // Found by the property above: a lone surrogate escaped the reader as ArgumentException.
    [Fact]
    public void A_lone_surrogate_is_rejected_naming_source_and_line()
    {
        var error = Assert.Throws<RoutingDataException>(() => ReadAll("{\"id\": \"q\uD800\", \"prompt\": \"p\", \"outcomes\": {}}"));

        Assert.StartsWith("fuzz.jsonl:1:", error.Message, StringComparison.Ordinal);
    }
}

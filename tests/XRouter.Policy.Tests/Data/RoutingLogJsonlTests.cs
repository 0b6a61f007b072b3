using XRouter.Policy.Data;

namespace XRouter.Policy.Tests.Data;

public sealed class RoutingLogJsonlTests
{
    [Fact]
    public async Task A_written_log_reads_back_equal()
    {
        var entry = new RoutingLogEntry
        {
            Id = "q1",
            Task = "gsm8k",
            Prompt = "What is 6 x 7?\nAnswer with a number.",
            Reference = "42",
            Outcomes = new Dictionary<string, ModelOutcome>
            {
                ["small"] = new() { Score = 0, Response = "41", InputTokens = 12, OutputTokens = 3, CostUsd = 0.0001, LatencyMs = 250 },
                ["large"] = new() { Score = 1, Response = "42" },
            },
        };
        using var text = new StringWriter();

        await RoutingLogJsonl.WriteAsync(text, [entry]);
        var read = await ReadAllAsync(text.ToString());

        var back = Assert.Single(read);
        Assert.Equal((entry.Id, entry.Task, entry.Prompt, entry.Reference), (back.Id, back.Task, back.Prompt, back.Reference));
        Assert.Equal(entry.Outcomes["small"], back.Outcomes["small"]);
        Assert.Equal(entry.Outcomes["large"], back.Outcomes["large"]);
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        const string line = """{"id": "q1", "prompt": "p", "source": "x", "outcomes": {"m": {"score": 1, "judge": "gpt"}}}""";

        var read = await ReadAllAsync(line);

        Assert.Equal(1.0, Assert.Single(read).Outcomes["m"].Score);
    }

    [Fact]
    public async Task Blank_lines_are_skipped_and_later_errors_keep_their_line_number()
    {
        string text = "\n" + """{"id": "q1", "prompt": "p", "outcomes": {}}""" + "\n\n{broken\n";

        var error = await Assert.ThrowsAsync<RoutingDataException>(() => ReadAllAsync(text));

        Assert.StartsWith("log.jsonl:4:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id": "q", "prompt": "p", "outcomes": {"m": {"score": 1.5}}}""", "'score' 1.5 is outside [0, 1]")]
    [InlineData("""{"id": "q", "prompt": "p", "outcomes": {"m": {"score": 1, "cost_usd": -1}}}""", "'cost_usd' -1")]
    [InlineData("""{"id": "q", "prompt": "p", "outcomes": {"m": {"response": "no score"}}}""", "score")]
    [InlineData("""{"id": "q", "outcomes": {}}""", "prompt")]
    [InlineData("""{"id": "", "prompt": "p", "outcomes": {}}""", "'id' is empty")]
    [InlineData("""{"id": "q", "prompt": "p", "outcomes": {"m": {"score": 0, "score": 1}}}""", "'score'")]
    [InlineData("""{"id": "q", "prompt": "p", "outcomes": {"m": {"score": 1}, "m": {"score": 0}}}""", "(at $.outcomes.m)")]
    public async Task A_malformed_entry_is_reported_with_file_line_and_field(string line, string expected)
    {
        var error = await Assert.ThrowsAsync<RoutingDataException>(() => ReadAllAsync(line));

        Assert.StartsWith("log.jsonl:1:", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_id_names_both_lines()
    {
        const string text = """
            {"id": "q", "prompt": "a", "outcomes": {}}
            {"id": "q", "prompt": "b", "outcomes": {}}
            """;

        var error = await Assert.ThrowsAsync<RoutingDataException>(() => ReadAllAsync(text));

        Assert.Contains("log.jsonl:2: id 'q' repeats line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        string path = Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.jsonl");

        var error = await Assert.ThrowsAsync<RoutingDataException>(() => RoutingLogJsonl.ReadAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<RoutingLogEntry>> ReadAllAsync(string text)
    {
        var entries = new List<RoutingLogEntry>();
        await foreach (var entry in RoutingLogJsonl.ReadAsync(new StringReader(text), "log.jsonl"))
        {
            entries.Add(entry);
        }

        return entries;
    }
}

using System.Text.Json;

namespace XRouter.AgentDemo.Tests.Cli;

public sealed class DemoCommandTests
{
    [Theory]
    [InlineData("af")]
    [InlineData("sk")]
    public async Task Json_output_is_valid_json_with_the_per_query_fields(string agent)
    {
        var (code, output, error) = await DemoFixture.RunAsync("--json", "--agent", agent);

        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        var queries = document.RootElement.GetProperty("queries").EnumerateArray().ToList();
        Assert.Equal(50, queries.Count);
        Assert.All(queries, q =>
        {
            Assert.Contains(q.GetProperty("mode").GetString(), new[] { "direct", "select", "synthesize" });
            Assert.Equal(JsonValueKind.Array, q.GetProperty("models").ValueKind);
            Assert.True(q.GetProperty("cost_usd").GetDouble() >= 0);
            Assert.Contains(q.GetProperty("correct").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        });
    }

    [Fact]
    public async Task At_the_default_lambda_xrouter_is_within_two_points_of_the_strongest_and_cheaper()
    {
        var (code, output, error) = await DemoFixture.RunAsync("--json");

        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        var summary = document.RootElement.GetProperty("summary");
        var strongest = summary.GetProperty("strongest");
        var xrouter = summary.GetProperty("xrouter");
        Assert.True(xrouter.GetProperty("cost_usd").GetDouble() < strongest.GetProperty("cost_usd").GetDouble(), summary.ToString());
        Assert.True(xrouter.GetProperty("accuracy").GetDouble() >= strongest.GetProperty("accuracy").GetDouble() - 0.02 - 1e-9, summary.ToString());
    }

    [Fact]
    public async Task The_sweep_reaches_half_the_strongests_cost_within_two_accuracy_points()
    {
        var (code, output, error) = await DemoFixture.RunAsync("--json");

        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        var strongest = document.RootElement.GetProperty("summary").GetProperty("strongest");
        double cost = strongest.GetProperty("cost_usd").GetDouble();
        double accuracy = strongest.GetProperty("accuracy").GetDouble();
        Assert.Contains(document.RootElement.GetProperty("sweep").EnumerateArray(), p =>
            p.GetProperty("cost_usd").GetDouble() <= 0.5 * cost && p.GetProperty("accuracy").GetDouble() >= accuracy - 0.02 - 1e-9);
    }

    [Fact]
    public async Task The_table_output_shows_decisions_costs_correctness_summary_and_sweep()
    {
        var (code, output, error) = await DemoFixture.RunAsync();

        Assert.True(code == 0, error);
        Assert.Contains("always the strongest: gpt-4-1106-preview", output, StringComparison.Ordinal);
        Assert.Contains("always the cheapest: mistralai/mistral-7b-chat", output, StringComparison.Ordinal);
        Assert.Contains("lambda sweep", output, StringComparison.Ordinal);
        Assert.Matches(@"arc-challenge\.test\.1009\s+call .+\s+~?\d+\s+0\.\d{6}\s+(yes|no)", output);
    }

    [Fact]
    public async Task The_sweep_covers_the_runs_own_lambda()
    {
        var (code, output, error) = await DemoFixture.RunAsync("--json", "--lambda", "42");

        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(42, document.RootElement.GetProperty("lambda").GetDouble());
        Assert.Contains(document.RootElement.GetProperty("sweep").EnumerateArray(), p => p.GetProperty("lambda").GetDouble() == 42);
    }

    [Fact]
    public async Task A_budget_too_small_for_any_call_refuses_requests_without_crashing()
    {
        var (code, output, error) = await DemoFixture.RunAsync("--json", "--max-cost", "0.0000001");

        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        Assert.All(document.RootElement.GetProperty("queries").EnumerateArray(), q =>
        {
            Assert.Equal("refused", q.GetProperty("mode").GetString());
            Assert.Equal(0, q.GetProperty("cost_usd").GetDouble());
            Assert.False(string.IsNullOrEmpty(q.GetProperty("error").GetString()));
        });
    }

    [Fact]
    public async Task A_missing_data_path_is_a_clear_error()
    {
        var (code, _, error) = await DemoFixture.RunWithAsync(string.Empty, null, "--data", "/nonexistent/xrouter-data");

        Assert.Equal(1, code);
        Assert.Contains("'/nonexistent/xrouter-data' is neither a file nor a folder", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--lambda", "-1", "--lambda must be")]
    [InlineData("--max-cost", "0", "--max-cost must be")]
    [InlineData("--agent", "langchain", "langchain")]
    public async Task Bad_options_are_rejected_with_a_message_naming_them(string option, string value, string message)
    {
        var (code, output, error) = await DemoFixture.RunAsync(option, value);

        Assert.NotEqual(0, code);
        Assert.Contains(message, output + error, StringComparison.Ordinal);
    }
}

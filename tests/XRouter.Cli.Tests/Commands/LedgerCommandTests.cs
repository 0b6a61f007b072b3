using System.Text.Json;
using XRouter.Cli.Commands;
using XRouter.Policy.Data;
using XRouter.Reliability.Ledger;
using XRouter.SemanticKernel.Ledger;

namespace XRouter.Cli.Tests.Commands;

[Collection(CliRunner.Collection)]
public sealed class LedgerCommandTests
{
    private readonly string _directory = CliRunner.TempDirectory();

    [Fact]
    public async Task Ledger_prints_spend_per_key_model_and_day_as_json()
    {
        string ledger = await LedgerWithTwoRequestsAsync();

        var (exit, output) = await RunAsync("--sqlite", ledger, "--format", "json");

        Assert.Equal(0, exit);
        var rows = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        var mini = Assert.Single(rows, r => r.GetProperty("model").GetString() == "gpt-5-mini");
        Assert.Equal(("team-a", "2026-11-30", 2, 0.008), (mini.GetProperty("key_id").GetString(), mini.GetProperty("day").GetString(), mini.GetProperty("requests").GetInt32(), Math.Round(mini.GetProperty("cost_usd").GetDouble(), 9)));
    }

    [Fact]
    public async Task Ledger_prints_a_table_by_default()
    {
        string ledger = await LedgerWithTwoRequestsAsync();

        var (exit, output) = await RunAsync("--sqlite", ledger);

        Assert.Equal(0, exit);
        Assert.Contains(output.Split('\n'), line => line.StartsWith("team-a", StringComparison.Ordinal) && line.Contains("gpt-5-mini", StringComparison.Ordinal) && line.Contains("0.008000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attached_outcomes_export_as_a_routing_log()
    {
        string ledger = await LedgerWithTwoRequestsAsync();
        string outcomes = Path.Combine(_directory, "outcomes.jsonl");
        string log = Path.Combine(_directory, "log.jsonl");
        await File.WriteAllTextAsync(outcomes, """{"request_id": "r1", "model": "gpt-5-mini", "score": 1}""" + "\n");

        var (attached, _) = await RunAsync("attach", "--sqlite", ledger, outcomes);
        var (exported, _) = await RunAsync("export", "--sqlite", ledger, "--with-outcomes", log);

        Assert.Equal((0, 0), (attached, exported));
        var entry = Assert.Single(await RoutingLogJsonl.ReadAsync(log));
        Assert.Equal(("r1", "query r1", 1.0, "reply r1"), (entry.Id, entry.Prompt, entry.Outcomes["gpt-5-mini"].Score, entry.Outcomes["gpt-5-mini"].Response));
    }

    [Fact]
    public async Task An_outcome_for_a_request_not_in_the_ledger_fails_with_exit_code_1()
    {
        string ledger = await LedgerWithTwoRequestsAsync();
        string outcomes = Path.Combine(_directory, "outcomes.jsonl");
        await File.WriteAllTextAsync(outcomes, """{"request_id": "nope", "model": "gpt-5-mini", "score": 1}""" + "\n");

        var (exit, _) = await RunAsync("attach", "--sqlite", ledger, outcomes);

        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task An_outcome_line_with_a_repeated_property_fails_naming_its_line()
    {
        string ledger = await LedgerWithTwoRequestsAsync();
        string outcomes = Path.Combine(_directory, "outcomes.jsonl");
        await File.WriteAllTextAsync(outcomes, """{"request_id": "r1", "model": "gpt-5-mini", "score": 0, "score": 1}""" + "\n");
        var originalError = Console.Error;
        using var error = new StringWriter();
        Console.SetError(error);

        int exit;
        try
        {
            (exit, _) = await RunAsync("attach", "--sqlite", ledger, outcomes);
        }
        finally
        {
            Console.SetError(originalError);
        }

        Assert.Equal(1, exit);
        Assert.Contains("outcomes.jsonl:1:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("'score'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_ledger_file_fails_with_exit_code_1()
    {
        var (exit, _) = await RunAsync("--sqlite", Path.Combine(_directory, "absent.db"));

        Assert.Equal(1, exit);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var original = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            int code = await LedgerCommand.Create().Parse(args).InvokeAsync();
            return (code, output.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    private async Task<string> LedgerWithTwoRequestsAsync()
    {
        string path = Path.Combine(_directory, "ledger.db");
        await using var store = new SqliteLedgerStore(path);
        await store.InitializeAsync();
        foreach (string id in new[] { "r1", "r2" })
        {
            await store.AppendAsync(new LedgerRequest
            {
                RequestId = id,
                KeyId = "team-a",
                Timestamp = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero),
                Query = $"query {id}",
                Calls = [new LedgerCall { Model = "gpt-5-mini", Kind = CallKind.Downstream, Status = CallStatus.Succeeded, InputTokens = 10, OutputTokens = 20, CostUsd = 0.004, Response = $"reply {id}" }],
            });
        }

        return path;
    }
}

using XRouter.Policy.Data;

namespace XRouter.Cli.Tests.Commands;

[Collection(CliRunner.Collection)]
public sealed class ImportCommandTests
{
    [Fact]
    public async Task Import_routerbench_writes_a_routing_log_that_reads_back()
    {
        string dir = CliRunner.TempDirectory();
        string csv = Path.Combine(dir, "rb.csv");
        await File.WriteAllTextAsync(csv, """
            ,sample_id,prompt,eval_name,m1,m2,m1|model_response,m2|model_response,m1|total_cost,m2|total_cost,oracle_model_to_route_to
            0,s.1,"['Say ""hi""']",chat,1.0,,"['hi']",,0.001,0.002,m1
            1,s.2,"['Say ""bye""']",chat,1.0,0.0,"['bye']",no,0.001,0.002,m1
            """);
        string output = Path.Combine(dir, "log.jsonl");

        var (code, error) = await CliRunner.RunAsync("import", "routerbench", csv, "--out", output);

        Assert.True(code == 0, error);
        Assert.Contains("2 queries, 2 models, 1 unknown outcomes", error, StringComparison.Ordinal);
        Assert.Contains("model columns: m1, m2", error, StringComparison.Ordinal);
        var entry = (await RoutingLogJsonl.ReadAsync(output))[0];
        Assert.Equal(("Say \"hi\"", "hi", 0.001), (entry.Prompt, entry.Outcomes["m1"].Response, entry.Outcomes["m1"].CostUsd));
    }

    [Fact]
    public async Task A_missing_csv_is_a_clear_error()
    {
        string dir = CliRunner.TempDirectory();

        var (code, error) = await CliRunner.RunAsync("import", "routerbench", Path.Combine(dir, "absent.csv"), "--out", Path.Combine(dir, "log.jsonl"));

        Assert.Equal(1, code);
        Assert.Contains("absent.csv", error, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using XRouter.Testing;

namespace XRouter.Cli.Tests.Commands;

[Collection(CliRunner.Collection)]
public sealed class EvalCommandTests
{
    private const string Log = """
        {"id": "q1", "task": "math", "prompt": "1+1?", "outcomes": {"small": {"score": 1, "response": "2", "cost_usd": 0.001}, "mid": {"score": 1, "response": "2", "cost_usd": 0.004}, "large": {"score": 1, "response": "2", "cost_usd": 0.01}}}
        {"id": "q2", "task": "math", "prompt": "2+2?", "outcomes": {"small": {"score": 0, "response": "5", "cost_usd": 0.001}, "mid": {"score": 1, "response": "4", "cost_usd": 0.004}, "large": {"score": 1, "response": "4", "cost_usd": 0.01}}}
        {"id": "q3", "task": "code", "prompt": "f?", "outcomes": {"small": {"score": 1, "response": "x", "cost_usd": 0.002}, "mid": {"score": 1, "response": "w", "cost_usd": 0.005}, "large": {"score": 0, "response": "y", "cost_usd": 0.02}}}
        {"id": "q4", "task": "code", "prompt": "g?", "outcomes": {"large": {"score": 1, "response": "z", "cost_usd": 0.02}}}
        """;

    [Fact]
    public async Task Eval_writes_a_report_with_the_required_fields_markdown_and_plots()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "log.jsonl");
        await File.WriteAllTextAsync(log, Log);

        var (code, error) = await CliRunner.RunAsync(
            "eval", "--data", log, "--train", log, "--policy", "all", "--sweep", "4", "--strong", "mid", "--weak", "small", "--out", Path.Combine(dir, "out"));

        Assert.True(code == 0, error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "out", "report.json")));
        var root = report.RootElement;
        Assert.Equal((3, 1), (root.GetProperty("dataset").GetProperty("queries").GetInt32(), root.GetProperty("dataset").GetProperty("excluded_queries").GetInt32()));
        Assert.Equal(["small", "mid", "large"], root.GetProperty("dataset").GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("mid", root.GetProperty("best_single").GetProperty("model").GetString());
        Assert.True(root.GetProperty("oracle").TryGetProperty("mean_cost_usd", out _));
        var result = root.GetProperty("results")[0];
        foreach (string field in new[] { "policy", "lambda", "accuracy", "mean_cost_usd", "cost_utility", "decisions" })
        {
            Assert.True(result.TryGetProperty(field, out _), field);
        }

        Assert.True(root.GetProperty("aiq").TryGetProperty("per-task-best", out _));
        Assert.True(root.GetProperty("strong_weak").GetProperty("policies").TryGetProperty("cascade", out _));
        Assert.Contains("| policy |", await File.ReadAllTextAsync(Path.Combine(dir, "out", "report.md")), StringComparison.Ordinal);
        foreach (string plot in new[] { "accuracy_vs_cost.png", "accuracy_vs_cost_math.png", "accuracy_vs_cost_code.png" })
        {
            byte[] png = await File.ReadAllBytesAsync(Path.Combine(dir, "out", plot));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }
    }

    [Fact]
    public async Task End_to_end_eval_reports_the_same_results_as_the_fast_path()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "log.jsonl");
        await File.WriteAllTextAsync(log, Log);
        string[] common = ["eval", "--data", log, "--train", log, "--policy", "all", "--sweep", "4"];

        var fast = await CliRunner.RunAsync([.. common, "--out", Path.Combine(dir, "fast")]);
        var endToEnd = await CliRunner.RunAsync([.. common, "--out", Path.Combine(dir, "e2e"), "--end-to-end"]);

        Assert.True(fast.ExitCode == 0, fast.Error);
        Assert.True(endToEnd.ExitCode == 0, endToEnd.Error);
        Assert.Equal(await ResultsAsync(Path.Combine(dir, "fast")), await ResultsAsync(Path.Combine(dir, "e2e")));
    }

    [Fact]
    public async Task An_unknown_policy_is_a_one_line_error_and_exit_code_1()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "log.jsonl");
        await File.WriteAllTextAsync(log, Log);

        var (code, error) = await CliRunner.RunAsync("eval", "--data", log, "--policy", "smartest", "--out", Path.Combine(dir, "out"));

        Assert.Equal(1, code);
        Assert.StartsWith("error: Unknown policy 'smartest'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_log_line_is_reported_with_file_and_line()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "log.jsonl");
        await File.WriteAllTextAsync(log, Log + "\n{\"id\": \"q5\"\n");

        var (code, error) = await CliRunner.RunAsync("eval", "--data", log, "--policy", "oracle", "--out", Path.Combine(dir, "out"));

        Assert.Equal(1, code);
        Assert.Contains($"{log}:5:", error, StringComparison.Ordinal);
    }

    [SharedAssetsFact]
    public async Task On_the_routerbench_test_split_gpt4_and_the_oracle_match_the_published_slice_figures()
    {
        string dir = CliRunner.TempDirectory();
        string data = SharedAssets.PathOf("data", "routerbench-subset");
        string test = Path.Combine(dir, "test.jsonl");
        string train = Path.Combine(dir, "train.jsonl");
        Assert.Equal(0, (await CliRunner.RunAsync(["import", "routerbench", .. Directory.GetFiles(data, "*_test.csv").Order(), "--out", test])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(["import", "routerbench", .. Directory.GetFiles(data, "*_train.csv").Order(), "--out", train])).ExitCode);

        var (code, error) = await CliRunner.RunAsync(
            "eval", "--data", test, "--train", train, "--policy", "all", "--sweep", "20", "--out", Path.Combine(dir, "out"), "--json");

        Assert.True(code == 0, error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "out", "report.json")));
        var root = report.RootElement;
        Assert.Equal((945, 8), (root.GetProperty("dataset").GetProperty("queries").GetInt32(), root.GetProperty("dataset").GetProperty("excluded_queries").GetInt32()));
        var gpt4 = root.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("policy").GetString() == "gpt-4-1106-preview");
        Assert.Equal(0.8794, gpt4.GetProperty("accuracy").GetDouble(), 4);
        Assert.Equal(5.003, gpt4.GetProperty("mean_cost_usd").GetDouble() * 1000, 3);
        var oracle = root.GetProperty("oracle");
        Assert.Equal(0.9757, oracle.GetProperty("accuracy").GetDouble(), 4);
        Assert.Equal(0.2111, oracle.GetProperty("mean_cost_usd").GetDouble() * 1000, 4);
        Assert.Equal("gpt-4-1106-preview", root.GetProperty("best_single").GetProperty("model").GetString());
    }

    [SharedAssetsFact]
    public async Task The_zeroeval_test_split_evaluates_with_its_catalog_and_training_log()
    {
        string dir = CliRunner.TempDirectory();
        string data = SharedAssets.PathOf("data", "zeroeval");

        var (code, error) = await CliRunner.RunAsync(
            "eval", "--data", Path.Combine(data, "test.jsonl"), "--train", Path.Combine(data, "train.jsonl"), "--catalog", Path.Combine(data, "catalog.json"),
            "--policy", "all", "--sweep", "5", "--out", Path.Combine(dir, "out"), "--json");

        Assert.True(code == 0, error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "out", "report.json")));
        var dataset = report.RootElement.GetProperty("dataset");
        Assert.Equal((550, 18), (dataset.GetProperty("queries").GetInt32(), dataset.GetProperty("models").GetArrayLength()));
        Assert.True(report.RootElement.GetProperty("oracle").GetProperty("accuracy").GetDouble()
            >= report.RootElement.GetProperty("best_single").GetProperty("accuracy").GetDouble());
    }

    private static async Task<string> ResultsAsync(string outDir)
    {
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "report.json")));
        return report.RootElement.GetProperty("results").GetRawText();
    }
}

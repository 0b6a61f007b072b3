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

    [Fact]
    public async Task An_out_path_that_is_a_file_is_an_error_before_anything_runs()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "log.jsonl");
        await File.WriteAllTextAsync(log, Log);
        string file = Path.Combine(dir, "taken.txt");
        await File.WriteAllTextAsync(file, "x");

        var (code, error) = await CliRunner.RunAsync("eval", "--data", log, "--policy", "oracle", "--out", file);

        Assert.Equal(1, code);
        Assert.StartsWith($"error: --out '{file}' is a file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decisions_file_in_a_missing_folder_is_an_error_before_anything_runs()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "log.jsonl");
        await File.WriteAllTextAsync(log, Log);

        var (code, error) = await CliRunner.RunAsync(
            "eval", "--data", log, "--policy", "oracle", "--out", Path.Combine(dir, "out"), "--decisions", Path.Combine(dir, "absent", "d.jsonl"));

        Assert.Equal(1, code);
        Assert.StartsWith("error: --decisions", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "out", "report.json")));
    }

    [Fact]
    public async Task Training_on_the_evaluated_file_is_warned_about()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "log.jsonl");
        await File.WriteAllTextAsync(log, Log);

        var (code, error) = await CliRunner.RunAsync("eval", "--data", log, "--train", log, "--policy", "best-single", "--out", Path.Combine(dir, "out"));

        Assert.True(code == 0, error);
        Assert.Contains("warning: --train and --data are the same file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prompt_shared_by_training_and_evaluated_logs_is_warned_about_by_id()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "log.jsonl");
        string train = Path.Combine(dir, "train.jsonl");
        await File.WriteAllTextAsync(log, Log);
        await File.WriteAllTextAsync(train, Log.Split('\n')[1].Replace("\"q2\"", "\"t9\"", StringComparison.Ordinal).Trim());

        var (code, error) = await CliRunner.RunAsync("eval", "--data", log, "--train", train, "--policy", "best-single", "--out", Path.Combine(dir, "out"));

        Assert.True(code == 0, error);
        Assert.Contains("warning: 1 evaluated queries have a prompt that is also in --train (q2)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queries_excluded_by_a_missing_model_are_counted_per_model_and_exclude_models_keeps_them()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "log.jsonl");
        await File.WriteAllTextAsync(log, Log);

        var all = await CliRunner.RunAsync("eval", "--data", log, "--policy", "large", "--out", Path.Combine(dir, "all"));
        var pooled = await CliRunner.RunAsync("eval", "--data", log, "--policy", "large", "--models", "large", "--out", Path.Combine(dir, "pooled"));

        Assert.Contains("1 of 4 queries are excluded for lacking an outcome of a pool model: 2 models are missing on 1 each (small, mid)", all.Error, StringComparison.Ordinal);
        Assert.True(pooled.ExitCode == 0, pooled.Error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "pooled", "report.json")));
        Assert.Equal(4, report.RootElement.GetProperty("dataset").GetProperty("queries").GetInt32());
    }

    [Fact]
    public async Task A_stray_model_on_one_line_is_named_with_the_queries_it_excludes()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "log.jsonl");
        await File.WriteAllTextAsync(log, Log.Replace("\"outcomes\": {\"small\": {\"score\": 1, \"response\": \"2\"", "\"outcomes\": {\"stray\": {\"score\": 1, \"cost_usd\": 0.1}, \"small\": {\"score\": 1, \"response\": \"2\"", StringComparison.Ordinal));

        var (code, error) = await CliRunner.RunAsync("eval", "--data", log, "--policy", "large", "--out", Path.Combine(dir, "out"));

        Assert.True(code == 0, error);
        Assert.Contains("'stray' is missing on 3", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pool_model_missing_from_the_training_log_names_that_log()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "log.jsonl");
        string train = Path.Combine(dir, "train.jsonl");
        await File.WriteAllTextAsync(log, Log);
        await File.WriteAllTextAsync(train, """{"id": "t1", "prompt": "x", "outcomes": {"large": {"score": 1, "cost_usd": 0.01}}}""");

        var (code, error) = await CliRunner.RunAsync("eval", "--data", log, "--train", train, "--policy", "best-single", "--out", Path.Combine(dir, "out"));

        Assert.Equal(1, code);
        Assert.Contains($"--train {train}: Model 'small'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_direct_answer_model_is_no_policy_s_tool()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "log.jsonl");
        await File.WriteAllTextAsync(log, Log);
        string decisions = Path.Combine(dir, "decisions.jsonl");

        var (code, error) = await CliRunner.RunAsync(
            "eval", "--data", log, "--train", log, "--policy", "singles,best-single,per-task-best,oracle", "--lambda", "0,100", "--direct-answer-model", "large", "--out", Path.Combine(dir, "out"), "--decisions", decisions);

        Assert.True(code == 0, error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "out", "report.json")));
        Assert.Equal(["small", "mid"], report.RootElement.GetProperty("dataset").GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        var called = (await File.ReadAllLinesAsync(decisions)).SelectMany(l => JsonDocument.Parse(l).RootElement.GetProperty("models_called").EnumerateArray().Select(m => m.GetString())).ToHashSet();
        Assert.Equal(["mid", "small"], called.Order());
    }

    [Fact]
    public async Task One_step_fitted_without_a_model_judges_it_by_its_card_and_so_stops_choosing_it()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "log.jsonl");
        await File.WriteAllTextAsync(log, Log);
        async Task<HashSet<string?>> CalledAsync(params string[] extra)
        {
            string decisions = Path.Combine(dir, $"decisions{extra.Length}.jsonl");
            var (code, error) = await CliRunner.RunAsync(
                ["eval", "--data", log, "--train", log, "--policy", "one-step", "--lambda", "0", "--bootstrap", "0", "--out", Path.Combine(dir, $"out{extra.Length}"), "--decisions", decisions, .. extra]);
            Assert.True(code == 0, error);
            return [.. (await File.ReadAllLinesAsync(decisions)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("final_model").GetString())];
        }

        // "mid" is right on every complete training query; without its outcomes it is only the mean of the others.
        var fittedOnAll = await CalledAsync();
        var fittedWithoutMid = await CalledAsync("--fit-models", "small,large");

        Assert.Contains("mid", fittedOnAll);
        Assert.DoesNotContain("mid", fittedWithoutMid);
    }

    [Fact]
    public async Task A_fit_model_outside_the_pool_is_an_error_naming_it()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "log.jsonl");
        await File.WriteAllTextAsync(log, Log);

        var (code, error) = await CliRunner.RunAsync("eval", "--data", log, "--train", log, "--policy", "one-step", "--fit-models", "small,nope", "--out", Path.Combine(dir, "out"));

        Assert.Equal(1, code);
        Assert.Contains("--fit-models names nope, not in the pool (small, mid, large)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decisions_are_written_one_line_per_query_and_run()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "log.jsonl");
        await File.WriteAllTextAsync(log, Log);
        string decisions = Path.Combine(dir, "decisions.jsonl");

        var (code, error) = await CliRunner.RunAsync(
            "eval", "--data", log, "--train", log, "--policy", "best-single,cascade", "--lambda", "0,100", "--out", Path.Combine(dir, "out"), "--decisions", decisions);

        Assert.True(code == 0, error);
        var lines = (await File.ReadAllLinesAsync(decisions)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3 * 3, lines.Count);
        var escalated = lines.Single(l => l.GetProperty("policy").GetString() == "cascade" && l.GetProperty("query_id").GetString() == "q2");
        // Trained on this log the cascade asks small and large, and escalates to mid (the most accurate) when they disagree.
        Assert.Equal(["small", "large", "mid"], escalated.GetProperty("models_called").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(("mid", 1.0), (escalated.GetProperty("final_model").GetString(), escalated.GetProperty("score").GetDouble()));
    }

    [Fact]
    public async Task Graded_scores_without_a_threshold_are_warned_about_and_the_threshold_is_reported()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "log.jsonl");
        await File.WriteAllTextAsync(log, Log.Replace("\"score\": 0,", "\"score\": 0.5,", StringComparison.Ordinal));

        var loose = await CliRunner.RunAsync("eval", "--data", log, "--policy", "oracle", "--out", Path.Combine(dir, "loose"));
        var set = await CliRunner.RunAsync("eval", "--data", log, "--policy", "oracle", "--success-threshold", "0.5", "--out", Path.Combine(dir, "set"));

        Assert.Contains("graded scores", loose.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("graded scores", set.Error, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "set", "report.json")));
        Assert.Equal(0.5, report.RootElement.GetProperty("success_threshold").GetDouble());
        Assert.Contains("0.5", report.RootElement.GetProperty("oracle_definition").GetString(), StringComparison.Ordinal);
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

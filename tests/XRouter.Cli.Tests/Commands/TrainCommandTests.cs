using System.Globalization;
using System.Text.Json;

namespace XRouter.Cli.Tests.Commands;

[Collection(CliRunner.Collection)]
public sealed class TrainCommandTests
{
    [Fact]
    public async Task Train_writes_a_policy_file_that_eval_sweeps_over_every_lambda()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "train.jsonl");
        await File.WriteAllLinesAsync(log, Enumerable.Range(0, 60).Select(Line));
        string policy = Path.Combine(dir, "policy.json");

        var train = await CliRunner.RunAsync("train", "--data", log, "--out", policy, "--seed", "2", "--epochs", "2", "--lambda-range", "1:500");
        var eval = await CliRunner.RunAsync("eval", "--data", log, "--train", log, "--policy", policy, "--lambda", "0,10,100", "--out", Path.Combine(dir, "out"));

        Assert.True(train.ExitCode == 0, train.Error);
        Assert.True(eval.ExitCode == 0, eval.Error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "out", "report.json")));
        var lambdas = report.RootElement.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("policy").GetString() == "learned:policy")
            .Select(r => r.GetProperty("lambda").GetDouble());
        Assert.Equal([0.0, 10.0, 100.0], lambdas);
    }

    [Fact]
    public async Task Eval_refuses_a_policy_file_that_is_not_one()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "train.jsonl");
        await File.WriteAllLinesAsync(log, Enumerable.Range(0, 3).Select(Line));
        string bogus = Path.Combine(dir, "bogus.json");
        await File.WriteAllTextAsync(bogus, "{}");

        var eval = await CliRunner.RunAsync("eval", "--data", log, "--policy", bogus, "--out", Path.Combine(dir, "out"));

        Assert.Equal(1, eval.ExitCode);
        Assert.Contains("not a policy file", eval.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_rejects_a_malformed_lambda_range()
    {
        string dir = CliRunner.TempDirectory();
        string log = Path.Combine(dir, "train.jsonl");
        await File.WriteAllLinesAsync(log, Enumerable.Range(0, 60).Select(Line));

        var train = await CliRunner.RunAsync("train", "--data", log, "--out", Path.Combine(dir, "p.json"), "--lambda-range", "5");

        Assert.Equal(1, train.ExitCode);
        Assert.Contains("--lambda-range '5' must be min:max", train.Error, StringComparison.Ordinal);
    }

    private static string Line(int i)
    {
        bool hard = i % 2 == 1;
        string prompt = hard ? $"Prove lemma {i} about primes." : $"Count the {i} apples.";
        string small = string.Create(CultureInfo.InvariantCulture, $$"""{"score": {{(hard ? 0 : 1)}}, "response": "Answer: {{i % 5}}", "cost_usd": 0.0001}""");
        string big = string.Create(CultureInfo.InvariantCulture, $$"""{"score": 1, "response": "Answer: {{i % 3}}", "cost_usd": 0.01}""");
        return $$$"""{"id": "q{{{i}}}", "task": "{{{(hard ? "proof" : "count")}}}", "prompt": "{{{prompt}}}", "outcomes": {"small": {{{small}}}, "big": {{{big}}}}}""";
    }
}

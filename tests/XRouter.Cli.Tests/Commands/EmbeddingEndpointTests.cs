using System.Globalization;
using System.Text.Json;
using XRouter.Testing;

namespace XRouter.Cli.Tests.Commands;

/// <summary>
/// Train and eval with an OpenAI-compatible embeddings endpoint (the loopback server) on a log whose difficulty the text
/// cannot show: every prompt is "Question N", and N being prime makes it hard for the small model.
/// </summary>
[Collection(CliRunner.Collection)]
public sealed class EmbeddingEndpointTests
{
    private const string Model = "prime-embedder";

    [Fact]
    public async Task A_policy_trained_on_an_embeddings_endpoint_routes_unseen_queries_by_their_embeddings_in_eval()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync();
        server.ScriptEmbeddings(Model, text => IsPrime(Number(text)) ? [1, 0] : [0, 1]);
        var (dir, policy) = await TrainAsync(server);
        string test = await LogAsync(dir, "test.jsonl", Enumerable.Range(1000, 60));

        var eval = await CliRunner.RunAsync("eval", "--data", test, "--policy", policy, "--lambda", "20", "--out", Path.Combine(dir, "out"),
            "--embeddings", server.BaseUrl.ToString(), "--embedding-model", Model);

        Assert.True(eval.ExitCode == 0, eval.Error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "out", "report.json")));
        var learned = report.RootElement.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("policy").GetString() == "learned:policy");
        Assert.True(learned.GetProperty("accuracy").GetDouble() >= 0.95, learned.GetRawText());
        Assert.True(learned.GetProperty("mean_cost_usd").GetDouble() < 0.005, learned.GetRawText());
    }

    [Fact]
    public async Task Eval_of_a_policy_trained_with_embeddings_without_the_endpoint_fails_naming_what_is_missing()
    {
        await using var server = await LoopbackOpenAIServer.StartAsync();
        server.ScriptEmbeddings(Model, text => IsPrime(Number(text)) ? [1, 0] : [0, 1]);
        var (dir, policy) = await TrainAsync(server);

        var eval = await CliRunner.RunAsync("eval", "--data", Path.Combine(dir, "train.jsonl"), "--policy", policy, "--lambda", "20", "--out", Path.Combine(dir, "out"));

        Assert.Equal(1, eval.ExitCode);
        Assert.Contains("2-dimensional query embeddings", eval.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_refuses_an_embedding_model_without_an_endpoint()
    {
        string dir = CliRunner.TempDirectory();
        string log = await LogAsync(dir, "train.jsonl", Enumerable.Range(2, 60));

        var train = await CliRunner.RunAsync("train", "--data", log, "--out", Path.Combine(dir, "p.json"), "--embedding-model", Model);

        Assert.Equal(1, train.ExitCode);
        Assert.Contains("--embedding-model needs --embeddings URL", train.Error, StringComparison.Ordinal);
    }

    private static async Task<(string Dir, string Policy)> TrainAsync(LoopbackOpenAIServer server)
    {
        string dir = CliRunner.TempDirectory();
        string log = await LogAsync(dir, "train.jsonl", Enumerable.Range(2, 200));
        string policy = Path.Combine(dir, "policy.json");
        var train = await CliRunner.RunAsync("train", "--data", log, "--out", policy, "--epochs", "3", "--lambda-range", "1:500",
            "--embeddings", server.BaseUrl.ToString(), "--embedding-model", Model);
        Assert.True(train.ExitCode == 0, train.Error);
        return (dir, policy);
    }

    private static async Task<string> LogAsync(string dir, string name, IEnumerable<int> numbers)
    {
        string path = Path.Combine(dir, name);
        await File.WriteAllLinesAsync(path, numbers.Select(Line));
        return path;
    }

    private static string Line(int n)
    {
        string small = string.Create(CultureInfo.InvariantCulture, $$"""{"score": {{(IsPrime(n) ? 0 : 1)}}, "response": "Answer: 1", "cost_usd": 0.0001}""");
        const string big = """{"score": 1, "response": "Answer: 1", "cost_usd": 0.01}""";
        return $$$"""{"id": "q{{{n}}}", "prompt": "Question {{{n}}}", "outcomes": {"small": {{{small}}}, "big": {{{big}}}}}""";
    }

    private static int Number(string text) => int.Parse(text.Split(' ')[1], CultureInfo.InvariantCulture);

    private static bool IsPrime(int n) => n >= 2 && Enumerable.Range(2, Math.Max(0, (int)Math.Sqrt(n) - 1)).All(d => n % d != 0);
}

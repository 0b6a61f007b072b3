using AgentDemo.Data;
using XRouter.Policy.Data;

namespace XRouter.AgentDemo.Tests.Data;

public sealed class DataLocationTests
{
    [Fact]
    public void A_folder_without_a_log_is_searched_one_level_down_in_name_order()
    {
        string root = TempFolder();
        Directory.CreateDirectory(Path.Combine(root, "a-routerbench"));
        Directory.CreateDirectory(Path.Combine(root, "b-other"));
        File.WriteAllText(Path.Combine(root, "a-routerbench", "x_test.csv"), "");
        File.WriteAllText(Path.Combine(root, "a-routerbench", "x_train.csv"), "");
        File.WriteAllText(Path.Combine(root, "b-other", "test.jsonl"), "");

        var location = DataLocation.Resolve(root);

        Assert.Equal([Path.Combine(root, "a-routerbench", "x_test.csv")], location.Logs);
    }

    [Fact]
    public void A_folders_routing_log_and_catalog_are_used()
    {
        string root = TempFolder();
        File.WriteAllText(Path.Combine(root, "routing-log.jsonl"), "");
        File.WriteAllText(Path.Combine(root, "test.jsonl"), "");
        File.WriteAllText(Path.Combine(root, "catalog.json"), "");

        var location = DataLocation.Resolve(root);

        Assert.Equal([Path.Combine(root, "routing-log.jsonl")], location.Logs);
        Assert.Equal(Path.Combine(root, "catalog.json"), location.Catalog);
    }

    [Fact]
    public void A_folder_with_no_log_is_a_clear_error()
    {
        var error = Assert.Throws<RoutingDataException>(() => DataLocation.Resolve(TempFolder()));

        Assert.Contains("holds no routing log", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_with_a_model_the_catalog_does_not_price_is_a_clear_error()
    {
        string root = TempFolder();
        await File.WriteAllTextAsync(Path.Combine(root, "routing-log.jsonl"), """{"id": "q1", "prompt": "p", "outcomes": {"unpriced-model": {"score": 1, "response": "A", "cost_usd": 0.001}}}""");

        var error = await Assert.ThrowsAsync<RoutingDataException>(() => DemoData.LoadAsync(root, CancellationToken.None));

        Assert.Contains("no price for unpriced-model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queries_lacking_a_models_outcome_or_reply_are_left_out_and_counted()
    {
        string root = TempFolder();
        await File.WriteAllLinesAsync(Path.Combine(root, "routing-log.jsonl"), [
            """{"id": "q1", "prompt": "p1", "outcomes": {"gpt-4-1106-preview": {"score": 1, "response": "A", "cost_usd": 0.01}, "mistralai/mistral-7b-chat": {"score": 0, "response": "B", "cost_usd": 0.0001}}}""",
            """{"id": "q2", "prompt": "p2", "outcomes": {"gpt-4-1106-preview": {"score": 1, "response": "A", "cost_usd": 0.01}}}""",
            """{"id": "q3", "prompt": "p3", "outcomes": {"gpt-4-1106-preview": {"score": 1, "response": "A", "cost_usd": 0.01}, "mistralai/mistral-7b-chat": {"score": 0, "cost_usd": 0.0001}}}""",
        ]);

        var data = await DemoData.LoadAsync(root, CancellationToken.None);

        Assert.Equal(["q1"], data.Log.Select(e => e.Id));
        Assert.Equal(2, data.Excluded);
    }

    private static string TempFolder()
    {
        string path = Path.Combine(Path.GetTempPath(), "xrouter-demo-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}

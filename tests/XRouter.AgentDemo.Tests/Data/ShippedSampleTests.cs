using AgentDemo.Data;
using XRouter.Policy.Data;
using XRouter.Testing;

namespace XRouter.AgentDemo.Tests.Data;

public sealed class ShippedSampleTests
{
    [SharedAssetsFact]
    public async Task The_shipped_sample_is_the_documented_seeded_draw_from_the_routerbench_test_split()
    {
        var test = RouterBenchCsv.ReadFiles(Directory.GetFiles(SharedAssets.PathOf("data", "routerbench-subset"), "*_test.csv").Order(StringComparer.Ordinal));
        using var expected = new StringWriter();
        await RoutingLogJsonl.WriteAsync(expected, StratifiedSample.Draw(test, 50, seed: 13));

        string shipped = await File.ReadAllTextAsync(Path.Combine(DemoData.ShippedFolder, "routing-log.jsonl"));

        Assert.Equal(expected.ToString().ReplaceLineEndings("\n"), shipped.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task The_shipped_sample_has_every_models_real_answer_and_cost_for_its_three_tasks()
    {
        var data = await DemoFixture.ShippedDataAsync();

        Assert.Equal((50, 0), (data.Log.Count, data.Excluded));
        Assert.Equal(["arc-challenge", "mbpp", "winogrande"], data.Log.Select(e => e.Task).Distinct().Order());
        Assert.All(data.Log, e => Assert.All(e.Outcomes.Values, o => Assert.True(o is { Response.Length: > 0, CostUsd: > 0 })));
        Assert.True(File.Exists(Path.Combine(DemoData.ShippedFolder, "LICENSE")));
    }
}

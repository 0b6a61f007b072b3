using AgentDemo.Data;

namespace XRouter.AgentDemo.Tests.Interactive;

public sealed class InteractiveSessionTests
{
    [Fact]
    public async Task Offline_a_recorded_query_is_routed_and_an_unrecorded_one_is_declined_clearly()
    {
        var (code, output, error) = await DemoFixture.RunWithAsync(
            "arc-challenge.test.1009\nWhat is the capital of France?\n\n", null, "--interactive", "--data", DemoData.ShippedFolder);

        Assert.True(code == 0, error);
        Assert.Matches(@"\[arc-challenge\.test\.1009\] call .+; \$0\.\d{6}; correct: (True|False)", output);
        Assert.Contains("Offline, XRouter answers only queries recorded in the routing log (50 queries)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_phrase_found_in_several_recorded_queries_asks_for_more()
    {
        var (code, output, _) = await DemoFixture.RunWithAsync("Print only a single choice\n", null, "--interactive", "--data", DemoData.ShippedFolder);

        Assert.Equal(0, code);
        Assert.Contains("recorded queries contain that", output, StringComparison.Ordinal);
    }
}

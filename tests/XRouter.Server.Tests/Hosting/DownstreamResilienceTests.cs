using System.Diagnostics;
using System.Net;
using XRouter.Server.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.Server.Tests.Hosting;

/// <summary>
/// XRouter:Models endpoints are called through XRouter's Polly pipeline alone: the OpenAI client's own retries are off,
/// even when the endpoint's MaxRetries asks for them, so upstream hits are exactly what XRouterServer:Resilience says.
/// </summary>
public sealed class DownstreamResilienceTests
{
    private const string Question = $$"""{"model": "{{ServerHarness.Cheap}}", "messages": [{"role": "user", "content": "Say hi"}]}""";

    private static Dictionary<string, string?> Settings(int pipelineRetries, string deadline) => new()
    {
        // Were the OpenAI client's retry policy still on, each pipeline attempt would be three upstream hits.
        [$"XRouter:Models:{ServerHarness.Cheap}:MaxRetries"] = "2",
        ["XRouterServer:Resilience:MaxRetries"] = pipelineRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["XRouterServer:Resilience:BaseDelay"] = "00:00:00.010",
        ["XRouterServer:Resilience:Deadline"] = deadline,
    };

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_once_per_pipeline_retry_after_the_wait_it_asks_for()
    {
        await using var server = await ServerHarness.StartAsync(Settings(pipelineRetries: 1, deadline: "00:00:30"));
        server.Upstream.ScriptFaults(ServerHarness.Cheap, [.. Enumerable.Repeat(UpstreamFaults.RateLimited(retryAfterSeconds: 1), 6)]);

        using var response = await server.PostAsync(Question);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var hits = server.Upstream.ReceivedFor(ServerHarness.Cheap);
        Assert.Equal(2, hits.Count);
        var gap = Stopwatch.GetElapsedTime(hits[0].FinishedTicks, hits[1].StartedTicks);
        Assert.True(gap >= TimeSpan.FromSeconds(0.95), $"the retry came {gap.TotalMilliseconds:0} ms after the 429 that asked for 1 s");
    }

    [Fact]
    public async Task A_429_whose_Retry_After_ends_past_the_deadline_is_not_retried()
    {
        await using var server = await ServerHarness.StartAsync(Settings(pipelineRetries: 3, deadline: "00:00:02"));
        server.Upstream.ScriptFaults(ServerHarness.Cheap, [.. Enumerable.Repeat(UpstreamFaults.RateLimited(retryAfterSeconds: 5), 4)]);
        var clock = Stopwatch.StartNew();

        using var response = await server.PostAsync(Question);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Single(server.Upstream.ReceivedFor(ServerHarness.Cheap));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the request took {clock.Elapsed.TotalSeconds:0.0} s; it waited for a retry it could not use");
    }
}

using System.Diagnostics;
using Microsoft.Extensions.AI;
using XRouter.Policy.Catalog;
using XRouter.Reliability.Resilience;
using XRouter.Reliability.Tests.TestSupport;
using XRouter.SemanticKernel;
using XRouter.Testing;

namespace XRouter.Reliability.Tests.Resilience;

/// <summary>Each fault the loopback upstream can produce, against one model's resilient client.</summary>
public sealed class ResilientChatClientTests : IAsyncLifetime
{
    private static readonly ModelCard Card = RoutedKernel.Catalog.Get(RoutedKernel.Model);
    private static readonly ChatMessage[] Messages = [new(ChatRole.System, "Answer briefly."), new(ChatRole.User, "What is 2+2?")];
    private LoopbackOpenAIServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackOpenAIServer.StartAsync();
        _server.Script(RoutedKernel.Model, new ScriptedReply("4", 20, 1));
        _server.Script(RoutedKernel.Fallback, new ScriptedReply("4", 20, 1));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_429_is_retried_after_the_wait_its_retry_after_asks_for()
    {
        _server.ScriptFaults(RoutedKernel.Model, UpstreamFaults.RateLimited(retryAfterSeconds: 1));

        var reply = await Client(new() { BaseDelay = TimeSpan.Zero }).GetResponseAsync(Messages);

        var received = _server.Received;
        Assert.Equal("4", reply.Text);
        Assert.Equal(2, received.Count);
        Assert.True(Stopwatch.GetElapsedTime(received[0].FinishedTicks, received[1].StartedTicks) >= TimeSpan.FromSeconds(0.9));
    }

    [Fact]
    public async Task A_retry_after_beyond_the_deadline_fails_at_once()
    {
        _server.ScriptFaults(RoutedKernel.Model, UpstreamFaults.RateLimited(retryAfterSeconds: 30));
        long started = Stopwatch.GetTimestamp();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Client(new() { Deadline = TimeSpan.FromSeconds(5) }).GetResponseAsync(Messages));

        Assert.Single(_server.Received);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(3));
        Assert.Contains("429", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_one_attempt_succeeds()
    {
        _server.ScriptFaults(RoutedKernel.Model, UpstreamFaults.Status(500), UpstreamFaults.Status(503));

        var reply = await Client(new() { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(10) }).GetResponseAsync(Messages);

        Assert.Equal(("4", 3), (reply.Text, _server.Received.Count));
    }

    [Fact]
    public async Task A_slow_attempt_times_out_and_the_retry_answers()
    {
        // The timeout sits far from both sides: a retry on a fresh connection of a loaded 2-core machine once took more
        // than 300 ms, and the slow attempt would answer only after 30 s.
        _server.ScriptFaults(RoutedKernel.Model, UpstreamFaults.Slow(TimeSpan.FromSeconds(30)));

        var reply = await Client(new() { AttemptTimeout = TimeSpan.FromSeconds(2), BaseDelay = TimeSpan.Zero }).GetResponseAsync(Messages);

        Assert.Equal(("4", 2), (reply.Text, _server.Received.Count));
    }

    [Fact]
    public async Task A_model_slower_than_the_deadline_fails_with_a_timeout_naming_it()
    {
        _server.ScriptFaults(RoutedKernel.Model, UpstreamFaults.Slow(TimeSpan.FromSeconds(10)), UpstreamFaults.Slow(TimeSpan.FromSeconds(10)));

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Client(new() { AttemptTimeout = TimeSpan.FromSeconds(5), Deadline = TimeSpan.FromMilliseconds(400) }).GetResponseAsync(Messages));

        Assert.Equal("model-a did not answer within 0.4 s", error.Message);
    }

    [Fact]
    public async Task A_reset_connection_is_retried_and_counts_as_an_attempt_however_late_its_handler_returns()
    {
        // A loaded machine can pause the server's handler between the reset and its return for longer than the retry takes.
        var reset = UpstreamFaults.ResetConnection();
        _server.ScriptFaults(RoutedKernel.Model, async (context, request) =>
        {
            await reset(context, request);
            await Task.Delay(TimeSpan.FromSeconds(1));
        });

        var reply = await Client(new() { BaseDelay = TimeSpan.Zero }).GetResponseAsync(Messages);

        Assert.Equal(("4", 2), (reply.Text, _server.Received.Count));
    }

    [Fact]
    public async Task Malformed_json_fails_without_a_retry()
    {
        _server.ScriptFaults(RoutedKernel.Model, UpstreamFaults.MalformedJson());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Client(new() { BaseDelay = TimeSpan.Zero }).GetResponseAsync(Messages));

        Assert.Single(_server.Received);
        Assert.IsNotType<XRouterException>(error);
        Assert.False(string.IsNullOrWhiteSpace(error.Message), error.GetType().Name);
    }

    [Fact]
    public async Task Repeated_failures_open_the_models_circuit_and_later_calls_are_not_sent()
    {
        _server.ScriptFaults(RoutedKernel.Model, UpstreamFaults.Status(500), UpstreamFaults.Status(500));
        var client = Client(new() { MaxRetries = 0, MinimumThroughput = 2, FailureRatio = 0.5 });
        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync(Messages));
        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync(Messages));

        var error = await Assert.ThrowsAsync<XRouterException>(() => client.GetResponseAsync(Messages));

        Assert.Equal(2, _server.Received.Count);
        Assert.StartsWith("model-a is skipped: its circuit is open", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_larger_than_the_context_window_is_refused_before_it_is_sent()
    {
        var small = RoutedKernel.Catalog.Get(RoutedKernel.Fallback);
        var client = new ResilientChatClient(RoutedKernel.DownstreamClient(_server, RoutedKernel.Fallback), small);
        ChatMessage[] large = [new(ChatRole.User, new string('x', 1000))];

        var error = await Assert.ThrowsAsync<XRouterException>(() => client.GetResponseAsync(large, new ChatOptions { MaxOutputTokens = 4096 }));

        Assert.Empty(_server.Received);
        Assert.Contains("context window of 4200 tokens cannot hold this request", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_cut_in_the_middle_is_an_error_not_a_short_answer()
    {
        _server.ScriptFaults(RoutedKernel.Model, UpstreamFaults.CutStream("The answer is four, because two and two make four."));

        var error = await Assert.ThrowsAsync<XRouterException>(async () =>
        {
            await foreach (var _ in Client(new()).GetStreamingResponseAsync(Messages))
            {
            }
        });

        Assert.StartsWith("the stream from model-a", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Received);
    }

    [Fact]
    public async Task A_complete_stream_passes_through()
    {
        var text = string.Concat(await Client(new()).GetStreamingResponseAsync(Messages).Select(u => u.Text).ToListAsync());

        Assert.Equal("4", text);
    }

    private ResilientChatClient Client(DownstreamResilienceOptions options) =>
        new(RoutedKernel.DownstreamClient(_server), Card, options);
}

using Microsoft.Extensions.AI;
using XRouter.Reliability.Resilience;
using XRouter.Reliability.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.Reliability.Tests.Resilience;

/// <summary>
/// Faults of one downstream model seen through the whole router: the failed call is recorded at $0 with its reason,
/// the router is told and calls the next model, and nothing throws unobserved.
/// </summary>
public sealed class RoutedFaultTests : IAsyncLifetime
{
    private const string Query = "What is 2+2?";
    private static readonly double RouterTurn = ((1000 * 0.10) + (50 * 0.40)) / 1e6;
    private static readonly double FallbackCost = ((20 * 0.05) + (1 * 0.40)) / 1e6;
    private LoopbackOpenAIServer _server = null!;

    public static TheoryData<string> Faults => [.. UpstreamFaults.CallFailures];

    public async Task InitializeAsync()
    {
        _server = await LoopbackOpenAIServer.StartAsync();
        _server.Script(RoutedKernel.Model, new ScriptedReply("4", 20, 1));
        _server.Script(RoutedKernel.Fallback, new ScriptedReply("4", 20, 1));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_failing_model_is_recorded_at_zero_cost_and_the_router_falls_back(string fault)
    {
        var responder = UpstreamFaults.Named(fault);
        _server.ScriptFaults(RoutedKernel.Model, responder, responder);
        using var unobserved = new UnobservedTaskExceptions();
        var router = Router(RoutedKernel.Model, RoutedKernel.Fallback);

        var reply = await router.GetResponseAsync([new ChatMessage(ChatRole.User, Query)]);

        var calls = Calls(reply);
        var failed = Assert.Single(calls, c => (string)c["model"]! == RoutedKernel.Model);
        Assert.Equal(("failed", 0.0), ((string)failed["status"]!, (double)failed["cost_usd"]!));
        Assert.False(string.IsNullOrWhiteSpace((string?)failed["error"]));
        Assert.Equal(("4", RoutedKernel.Fallback), (reply.Text, (string)reply.AdditionalProperties!["xrouter.selected_model"]!));
        Assert.Equal((3 * RouterTurn) + FallbackCost, (double)reply.AdditionalProperties["xrouter.cost_usd"]!, 15);
        Assert.Equal(0, unobserved.Count);
    }

    [Fact]
    public async Task A_model_whose_window_cannot_hold_the_request_is_skipped_without_a_call()
    {
        var router = Router(RoutedKernel.Fallback, RoutedKernel.Model);
        string longQuery = "Summarize: " + string.Join(' ', Enumerable.Repeat("lorem ipsum dolor sit amet", 60));

        var reply = await router.GetResponseAsync([new ChatMessage(ChatRole.User, longQuery)]);

        var skipped = Assert.Single(Calls(reply), c => (string)c["model"]! == RoutedKernel.Fallback);
        Assert.Contains("context window of 4200 tokens cannot hold this request", (string)skipped["error"]!, StringComparison.Ordinal);
        Assert.Empty(_server.ReceivedFor(RoutedKernel.Fallback));
        Assert.Equal(RoutedKernel.Model, (string)reply.AdditionalProperties!["xrouter.selected_model"]!);
    }

    private static IReadOnlyList<IReadOnlyDictionary<string, object?>> Calls(ChatResponse reply) =>
        [.. ((IEnumerable<IReadOnlyDictionary<string, object?>>)reply.AdditionalProperties!["xrouter.calls"]!).Where(c => (string)c["kind"]! == "downstream")];

    private IChatClient Router(params string[] models)
    {
        var options = new DownstreamResilienceOptions { MaxRetries = 1, BaseDelay = TimeSpan.Zero, AttemptTimeout = TimeSpan.FromMilliseconds(300), Deadline = TimeSpan.FromSeconds(2) };
        return RoutedKernel.Router(models.ToDictionary(
            id => id,
            id => (IChatClient)new ResilientChatClient(RoutedKernel.DownstreamClient(_server, id), RoutedKernel.Catalog.Get(id), options)));
    }
}

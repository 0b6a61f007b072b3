using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using XRouter.Reliability.Ledger;
using XRouter.Reliability.Tests.TestSupport;
using XRouter.SemanticKernel.Ledger;
using XRouter.Testing;

namespace XRouter.Reliability.Tests.Ledger;

public sealed class LedgerRecordingChatClientTests : IAsyncLifetime
{
    private const string Query = "Prove that sqrt(2) is irrational.";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("xrouter-ledger-");
    private LoopbackOpenAIServer _server = null!;
    private SqliteLedgerStore _store = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackOpenAIServer.StartAsync();
        _server.Script(RoutedKernel.Model, new ScriptedReply("Suppose sqrt(2) = p/q ...", 400, 80));
        _store = new SqliteLedgerStore(Path.Combine(_directory.FullName, "ledger.db"));
        await _store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task A_routed_reply_is_in_the_ledger_when_it_returns_with_cached_and_reasoning_tokens_priced_by_the_catalog()
    {
        _server.ScriptFaults(RoutedKernel.Model, UpstreamFaults.DetailedUsage("Suppose sqrt(2) = p/q ...", promptTokens: 400, cachedTokens: 100, completionTokens: 80, reasoningTokens: 30));
        var client = new LedgerRecordingChatClient(RoutedKernel.Router(RoutedKernel.DownstreamClient(_server)), _store);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, Query)], new ChatOptions { AdditionalProperties = new() { [LedgerRecordingChatClient.KeyIdProperty] = "team-a" } });

        var record = await _store.FindAsync(response.ResponseId!);
        Assert.NotNull(record);
        Assert.Equal(("team-a", "select", Query), (record.KeyId, record.Mode, record.Query));
        var call = Assert.Single(record.Calls, c => c.Kind == CallKind.Downstream);
        Assert.Equal((400L, 100L, 80L, 30L), (call.InputTokens, call.CachedInputTokens, call.OutputTokens, call.ReasoningTokens));
        Assert.Equal(((300 * 1.25) + (100 * 0.125) + (80 * 10.0)) / 1e6, call.CostUsd, 15);
        Assert.Equal((double)response.AdditionalProperties!["xrouter.cost_usd"]!, record.CostUsd, 15);
        Assert.Equal(2, record.Calls.Count(c => c.Kind == CallKind.Router));
    }

    [Fact]
    public async Task A_streamed_request_is_committed_before_its_last_update_is_passed_on()
    {
        var client = new LedgerRecordingChatClient(RoutedKernel.Router(RoutedKernel.DownstreamClient(_server)), _store);
        LedgerRequest? seenBeforeLast = null;

        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, Query)]))
        {
            if (update.AdditionalProperties?.ContainsKey("xrouter.calls") == true)
            {
                seenBeforeLast = await _store.FindAsync(update.ResponseId!);
            }
        }

        Assert.NotNull(seenBeforeLast);
        Assert.Equal(3, seenBeforeLast.Calls.Count);
    }

    [Fact]
    public async Task Prompts_are_left_out_when_recording_them_is_off()
    {
        var client = new LedgerRecordingChatClient(RoutedKernel.Router(RoutedKernel.DownstreamClient(_server)), _store, recordPrompts: false);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, Query)]);

        Assert.Null((await _store.FindAsync(response.ResponseId!))!.Query);
    }

    [Fact]
    public async Task The_key_id_is_recorded_but_not_passed_on_to_the_router()
    {
        var capture = new OptionsCapture(RoutedKernel.Router(RoutedKernel.DownstreamClient(_server)));
        var client = new LedgerRecordingChatClient(capture, _store);
        var options = new ChatOptions { AdditionalProperties = new() { [LedgerRecordingChatClient.KeyIdProperty] = "team-a", ["cost_penalty"] = 2.0 } };

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, Query)], options);

        Assert.Equal("team-a", (await _store.FindAsync(response.ResponseId!))!.KeyId);
        Assert.False(capture.Seen!.AdditionalProperties!.ContainsKey(LedgerRecordingChatClient.KeyIdProperty));
        Assert.Equal(2.0, capture.Seen.AdditionalProperties["cost_penalty"]);
        Assert.True(options.AdditionalProperties.ContainsKey(LedgerRecordingChatClient.KeyIdProperty), "the caller's options were changed");
    }

    /// <summary>Remembers the options the XRouter service was called with.</summary>
    private sealed class OptionsCapture(IChatClient inner) : DelegatingChatClient(inner)
    {
        public ChatOptions? Seen { get; private set; }

        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Seen = options;
            return base.GetResponseAsync(messages, options, cancellationToken);
        }
    }
}

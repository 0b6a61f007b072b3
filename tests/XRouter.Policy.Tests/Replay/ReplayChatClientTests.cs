using Microsoft.Extensions.AI;
using XRouter.Policy.Data;
using XRouter.Policy.Replay;
using XRouter.Testing;

namespace XRouter.Policy.Tests.Replay;

public sealed class ReplayChatClientTests
{
    private static readonly RoutingLogEntry s_entry = new()
    {
        Id = "q1",
        Prompt = "What is 6 x 7?",
        Outcomes = new Dictionary<string, ModelOutcome>
        {
            ["counted"] = new() { Score = 1, Response = "42", InputTokens = 15, OutputTokens = 2, CostUsd = 0.0003, LatencyMs = 1500 },
            ["uncounted"] = new() { Score = 0, Response = "forty-one" },
        },
    };

    [Fact]
    public async Task Answers_with_the_recorded_response_usage_and_cost()
    {
        using var client = new ReplayChatClient("counted", [s_entry]);

        var response = await client.GetResponseAsync([new(ChatRole.System, "be brief"), new(ChatRole.User, s_entry.Prompt)]);

        Assert.Equal("42", response.Text);
        Assert.Equal((15L, 2L, 17L), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount));
        Assert.Equal(0.0003, response.AdditionalProperties![ReplayProperties.CostUsd]);
        Assert.False(response.AdditionalProperties.ContainsKey(ReplayProperties.UsageEstimated));
        Assert.Equal("counted", response.ModelId);
    }

    [Fact]
    public async Task Estimates_usage_from_text_and_flags_it_when_the_log_has_no_tokens()
    {
        using var client = new ReplayChatClient("uncounted", [s_entry]);

        var response = await client.GetResponseAsync([new(ChatRole.User, s_entry.Prompt)]);

        Assert.Equal(true, response.AdditionalProperties![ReplayProperties.UsageEstimated]);
        Assert.Equal((4L, 3L), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount));
        Assert.False(response.AdditionalProperties.ContainsKey(ReplayProperties.CostUsd));
    }

    [Fact]
    public async Task An_unknown_prompt_is_a_clear_error()
    {
        using var client = new ReplayChatClient("counted", [s_entry]);

        var error = await Assert.ThrowsAsync<RoutingDataException>(() => client.GetResponseAsync([new(ChatRole.User, "never asked")]));

        Assert.Contains("'counted'", error.Message, StringComparison.Ordinal);
        Assert.Contains("never asked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prompt_the_model_never_answered_names_the_query()
    {
        using var client = new ReplayChatClient("absent", [s_entry]);

        var error = await Assert.ThrowsAsync<RoutingDataException>(() => client.GetResponseAsync([new(ChatRole.User, s_entry.Prompt)]));

        Assert.Contains("'q1' has no recorded outcome", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prompt_recorded_twice_with_different_replies_is_ambiguous_not_guessed()
    {
        var twin = s_entry with { Id = "q2", Outcomes = new Dictionary<string, ModelOutcome> { ["counted"] = new() { Score = 0, Response = "41" } } };
        using var client = new ReplayChatClient("counted", [s_entry, twin]);

        var error = await Assert.ThrowsAsync<RoutingDataException>(() => client.GetResponseAsync([new(ChatRole.User, s_entry.Prompt)]));

        Assert.Contains("'q1', 'q2'", error.Message, StringComparison.Ordinal);
    }

    [SharedAssetsFact]
    public async Task The_fleet_answers_routerbench_queries_with_the_replies_and_costs_the_fast_path_replays()
    {
        var files = Directory.GetFiles(SharedAssets.PathOf("data", "routerbench-subset"), "*_test.csv").Order(StringComparer.Ordinal);
        var log = RouterBenchCsv.ReadFiles(files);
        var clients = new ReplayFleet(log).CreateClients();
        var sample = log.Where((_, i) => i % 8 == 0).ToList();

        var mismatches = new List<string>();
        foreach (var entry in sample)
        {
            foreach (var (model, outcome) in entry.Outcomes)
            {
                var response = await clients[model].GetResponseAsync([new(ChatRole.User, entry.Prompt)]);
                if (response.Text != outcome.Response || !Equals(response.AdditionalProperties![ReplayProperties.CostUsd], outcome.CostUsd))
                {
                    mismatches.Add($"{entry.Id}/{model}");
                }
            }
        }

        Assert.True(sample.Count >= 100, $"only {sample.Count} queries sampled");
        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task Replays_the_recorded_latency_on_the_given_clock()
    {
        var clock = new ImmediateTimeProvider();
        using var client = new ReplayChatClient("counted", [s_entry], new ReplayOptions { ReplayLatency = true, TimeProvider = clock });

        await client.GetResponseAsync([new(ChatRole.User, s_entry.Prompt)]);

        Assert.Equal([TimeSpan.FromMilliseconds(1500)], clock.Delays);
    }

    [Fact]
    public async Task Streams_the_same_reply()
    {
        using var client = new ReplayChatClient("counted", [s_entry]);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new(ChatRole.User, s_entry.Prompt)]))
        {
            updates.Add(update);
        }

        Assert.Equal("42", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public void A_fleet_has_one_client_per_logged_model()
    {
        var fleet = new ReplayFleet([s_entry]);

        var clients = fleet.CreateClients();

        Assert.Equal(["counted", "uncounted"], clients.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("counted", clients["counted"].GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Throws<ArgumentException>(() => fleet.CreateClient("absent"));
    }

    // A clock whose timers fire at once and remember their due times, so latency replay is checked without waiting.
    private sealed class ImmediateTimeProvider : TimeProvider
    {
        public List<TimeSpan> Delays { get; } = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Delays.Add(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}

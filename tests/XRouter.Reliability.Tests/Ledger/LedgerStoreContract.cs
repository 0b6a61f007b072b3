using XRouter.Reliability.Ledger;
using XRouter.SemanticKernel.Ledger;

namespace XRouter.Reliability.Tests.Ledger;

/// <summary>What every ledger store must do, run against each real database by a subclass.</summary>
public abstract class LedgerStoreContract
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 30, 23, 59, 0, TimeSpan.Zero);

    /// <summary>A fresh, initialized, empty store.</summary>
    protected abstract Task<ILedgerStore> CreateStoreAsync();

    internal static LedgerRequest Request(string id, string key = "team-a", DateTimeOffset? at = null, params LedgerCall[] calls) => new()
    {
        RequestId = id,
        KeyId = key,
        Timestamp = at ?? Day1,
        Mode = "select",
        Query = $"query of {id}",
        Turns = 2,
        Calls = calls.Length > 0 ? calls : [Router(0.001), Downstream("gpt-5-mini", 0.004, "the answer")],
    };

    internal static LedgerCall Router(double cost) =>
        new() { Model = "xrouter-7b", Kind = CallKind.Router, Status = CallStatus.Succeeded, InputTokens = 900, OutputTokens = 40, CostUsd = cost, LatencyMs = 12.5 };

    internal static LedgerCall Downstream(string model, double cost, string? response = null) => new()
    {
        Model = model,
        Kind = CallKind.Downstream,
        Status = CallStatus.Succeeded,
        InputTokens = 300,
        CachedInputTokens = 100,
        OutputTokens = 500,
        ReasoningTokens = 200,
        CostUsd = cost,
        LatencyMs = 80.25,
        Response = response,
    };

    [SkippableFact]
    public async Task An_appended_request_reads_back_with_every_call_and_field()
    {
        await using var store = await CreateStoreAsync();
        var failed = new LedgerCall { Model = "gpt-5", Kind = CallKind.Downstream, Status = CallStatus.Failed, Error = "HTTP 500 from the model's endpoint", LatencyMs = 3 };
        var hit = Downstream("gpt-5-nano", 0) with { CacheHit = true, SavedUsd = 0.0007 };
        var request = Request("r1", calls: [Router(0.001), failed, hit, Downstream("gpt-5-mini", 0.004, "the answer")]);

        bool added = await store.AppendAsync(request);
        var read = await store.FindAsync("r1");

        Assert.True(added);
        Assert.NotNull(read);
        Assert.Equal(request.Calls, read.Calls);
        Assert.Equal(("team-a", "select", "query of r1", 2, Day1), (read.KeyId, read.Mode, read.Query, read.Turns, read.Timestamp));
        Assert.Equal(0.005, read.CostUsd, 12);
        Assert.Equal(0.0007, read.SavedUsd, 12);
    }

    [SkippableFact]
    public async Task Appending_a_request_id_twice_keeps_the_first_record_only()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(Request("r1"));

        bool again = await store.AppendAsync(Request("r1", calls: [Router(5)]));
        var summary = await store.SummarizeAsync();

        Assert.False(again);
        Assert.Equal(0.005, summary.Sum(r => r.CostUsd), 12);
        Assert.Equal(2, (await store.FindAsync("r1"))!.Calls.Count);
    }

    [SkippableFact]
    public async Task A_batch_commits_every_new_request_and_skips_ids_already_stored()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(Request("r1"));

        int added = await store.AppendBatchAsync([Request("r1", calls: [Router(5)]), Request("r2"), Request("r3")]);

        Assert.Equal(2, added);
        Assert.Equal(3 * 0.005, (await store.SummarizeAsync()).Sum(r => r.CostUsd), 12);
    }

    [SkippableFact]
    public async Task A_request_that_fails_to_commit_leaves_no_partial_rows()
    {
        await using var store = await CreateStoreAsync();
        var broken = Request("r1", calls: [Router(0.001), Downstream(null!, 0.004)]);

        await Assert.ThrowsAnyAsync<Exception>(() => store.AppendAsync(broken));

        Assert.Null(await store.FindAsync("r1"));
        Assert.Empty(await store.SummarizeAsync());
    }

    [SkippableFact]
    public async Task Summary_groups_spend_per_key_model_and_utc_day()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(Request("a1", "team-a", Day1));
        await store.AppendAsync(Request("a2", "team-a", Day1.AddMinutes(2)));
        await store.AppendAsync(Request("b1", "team-b", Day1));

        var rows = await store.SummarizeAsync();

        var miniA = rows.Where(r => r.KeyId == "team-a" && r.Model == "gpt-5-mini").ToList();
        Assert.Equal([new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 1)], miniA.Select(r => r.Day));
        Assert.All(miniA, r => Assert.Equal((1, 1, 300, 100, 500, 200), (r.Requests, r.Calls, r.InputTokens, r.CachedInputTokens, r.OutputTokens, r.ReasoningTokens)));
        Assert.Equal(6, rows.Count);
        Assert.Equal(3 * 0.005, rows.Sum(r => r.CostUsd), 12);
    }

    [SkippableFact]
    public async Task Summary_since_a_time_leaves_earlier_requests_out()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(Request("old", at: Day1.AddDays(-3)));
        await store.AppendAsync(Request("new", at: Day1));

        var rows = await store.SummarizeAsync(since: Day1.AddDays(-1));

        Assert.All(rows, r => Assert.Equal(new DateOnly(2026, 11, 30), r.Day));
        Assert.Equal(0.005, rows.Sum(r => r.CostUsd), 12);
    }

    [SkippableFact]
    public async Task Export_writes_scored_requests_as_routing_log_entries()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(Request("scored"));
        await store.AppendAsync(Request("unscored"));
        await store.AttachOutcomeAsync("scored", "gpt-5-mini", 1);
        await store.AttachOutcomeAsync("scored", "gpt-5-mini", 0.5);

        var entries = await store.ExportRoutingLogAsync().ToListAsync();

        var entry = Assert.Single(entries);
        Assert.Equal(("scored", "query of scored"), (entry.Id, entry.Prompt));
        var outcome = entry.Outcomes["gpt-5-mini"];
        Assert.Equal((0.5, "the answer", 300L, 500L), (outcome.Score, outcome.Response, outcome.InputTokens!.Value, outcome.OutputTokens!.Value));
        Assert.Equal(0.004, outcome.CostUsd!.Value, 12);
    }

    [SkippableFact]
    public async Task An_outcome_for_an_unknown_request_is_refused_with_a_message()
    {
        await using var store = await CreateStoreAsync();

        var error = await Assert.ThrowsAsync<LedgerException>(() => store.AttachOutcomeAsync("nope", "gpt-5-mini", 1));

        Assert.Contains("'nope' is not in the ledger", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Concurrent_appends_all_commit()
    {
        await using var store = await CreateStoreAsync();

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => store.AppendAsync(Request($"c{i}")))));

        var rows = await store.SummarizeAsync();
        Assert.Equal(100, rows.Single(r => r.Model == "gpt-5-mini").Requests);
        Assert.Equal(100 * 0.005, rows.Sum(r => r.CostUsd), 10);
    }
}

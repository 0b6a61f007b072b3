using Microsoft.Data.Sqlite;
using XRouter.Reliability.Ledger;

namespace XRouter.Reliability.Tests.Ledger;

public sealed class LedgerGroupCommitterTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("xrouter-group-commit-");
    private SqliteLedgerStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteLedgerStore(Path.Combine(_directory.FullName, "ledger.db"));
        await _store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Every_concurrent_append_is_committed_when_its_task_completes()
    {
        await using var committer = new LedgerGroupCommitter(_store);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => committer.AppendAsync(LedgerStoreContract.Request($"g{i}")))));

        Assert.Equal(200, (await _store.SummarizeAsync()).Single(r => r.Model == "gpt-5-mini").Requests);
    }

    [Fact]
    public async Task A_request_that_cannot_be_stored_fails_alone_and_its_batch_is_committed()
    {
        await using var committer = new LedgerGroupCommitter(_store);
        var broken = LedgerStoreContract.Request("broken", calls: [LedgerStoreContract.Downstream(null!, 0.004)]);

        var appends = Enumerable.Range(0, 50).Select(i => committer.AppendAsync(LedgerStoreContract.Request($"ok{i}"))).Append(committer.AppendAsync(broken)).ToList();
        await Assert.ThrowsAnyAsync<Exception>(() => Task.WhenAll(appends));

        Assert.Equal(1, appends.Count(a => a.IsFaulted));
        Assert.Null(await _store.FindAsync("broken"));
        Assert.Equal(50, (await _store.SummarizeAsync()).Single(r => r.Model == "gpt-5-mini").Requests);
    }
}

using Microsoft.Data.Sqlite;
using XRouter.Reliability.Ledger;

namespace XRouter.Reliability.Tests.Ledger;

public sealed class SqliteLedgerStoreTests : LedgerStoreContract, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("xrouter-ledger-");

    protected override async Task<ILedgerStore> CreateStoreAsync()
    {
        var store = new SqliteLedgerStore(Path.Combine(_directory.FullName, $"{Guid.NewGuid():N}.db"));
        await store.InitializeAsync();
        return store;
    }

    [Fact]
    public async Task The_file_is_in_write_ahead_log_mode_and_passes_the_integrity_check()
    {
        await using var store = (SqliteLedgerStore)await CreateStoreAsync();
        await store.AppendAsync(Request("r1"));

        await using var connection = new SqliteConnection($"Data Source={store.Path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        Assert.Equal("ok", await store.CheckIntegrityAsync());
    }

    [Fact]
    public async Task Records_survive_reopening_the_file()
    {
        string path = Path.Combine(_directory.FullName, "reopen.db");
        await using (var first = new SqliteLedgerStore(path))
        {
            await first.InitializeAsync();
            await first.AppendAsync(Request("r1"));
        }

        await using var second = new SqliteLedgerStore(path);
        await second.InitializeAsync();

        Assert.NotNull(await second.FindAsync("r1"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}

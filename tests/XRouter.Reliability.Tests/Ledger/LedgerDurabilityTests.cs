using Microsoft.Data.Sqlite;
using Npgsql;
using XRouter.LedgerSoak;
using XRouter.Reliability.Ledger;
using XRouter.Testing.Services;

namespace XRouter.Reliability.Tests.Ledger;

/// <summary>
/// A process writing the ledger is killed with SIGKILL under load; every request it acknowledged (after its commit
/// returned, as a server answers a client) must be in the ledger with all its calls.
/// </summary>
public sealed class LedgerDurabilityTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>, IDisposable
{
    private static readonly TimeSpan WriteFor = TimeSpan.FromSeconds(1);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("xrouter-durability-");

    [Fact]
    public async Task A_killed_writer_loses_no_acknowledged_request_and_the_sqlite_file_stays_sound()
    {
        string path = Path.Combine(_directory.FullName, "ledger.db");

        var result = await KillRound.RunAsync(["--sqlite", path], () => new SqliteLedgerStore(path), WriteFor);

        Assert.True(result.Acknowledged > 0, "the writer acknowledged nothing before it was killed");
        Assert.Equal((0, "ok"), (result.Lost, result.Integrity));
    }

    [SkippableFact]
    public async Task A_killed_writer_loses_no_acknowledged_request_on_postgres()
    {
        string database = $"durability_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(postgres.Server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        string connectionString = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { Database = database }.ToString();

        var result = await KillRound.RunAsync(["--postgres", connectionString], () => new PostgresLedgerStore(connectionString), WriteFor);

        Assert.True(result.Acknowledged > 0, "the writer acknowledged nothing before it was killed");
        Assert.Equal(0, result.Lost);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}

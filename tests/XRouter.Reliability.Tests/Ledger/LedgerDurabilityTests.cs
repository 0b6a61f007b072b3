using Microsoft.Data.Sqlite;
using Npgsql;
using XRouter.LedgerSoak;
using XRouter.Testing.Services;

namespace XRouter.Reliability.Tests.Ledger;

/// <summary>
/// The real <c>xrouter serve</c> process is killed with SIGKILL under concurrent HTTP load and restarted on the same
/// ledger; every response a client received (matched by its id) must be in the ledger with all its calls, and
/// <c>xrouter ledger</c> must read what the server wrote.
/// </summary>
public sealed class LedgerDurabilityTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>, IDisposable
{
    private static readonly TimeSpan LoadFor = TimeSpan.FromSeconds(1);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("xrouter-durability-");

    [Fact]
    public async Task A_killed_server_loses_no_response_a_client_received_and_the_sqlite_file_stays_sound()
    {
        var ledger = new LedgerTarget(Path.Combine(_directory.FullName, "ledger.db"), null);

        var result = await ServerKillRound.RunAsync(ledger, LoadFor);

        Assert.True(result.Acknowledged > 0, "no client received a response before the server was killed");
        Assert.Equal((0, "ok", true), (result.Lost, result.Integrity, result.ServedAfterRestart));
        Assert.True(result.ReadByCli > result.Acknowledged, $"xrouter ledger counts {result.ReadByCli} requests; clients received {result.Acknowledged} and one more after the restart");
    }

    [SkippableFact]
    public async Task A_killed_server_loses_no_response_a_client_received_on_postgres()
    {
        string database = $"durability_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(postgres.Server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var ledger = new LedgerTarget(null, new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { Database = database }.ToString());

        var result = await ServerKillRound.RunAsync(ledger, LoadFor);

        Assert.True(result.Acknowledged > 0, "no client received a response before the server was killed");
        Assert.Equal((0, true), (result.Lost, result.ServedAfterRestart));
        Assert.True(result.ReadByCli > result.Acknowledged, $"xrouter ledger counts {result.ReadByCli} requests; clients received {result.Acknowledged} and one more after the restart");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}

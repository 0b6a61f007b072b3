using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace XRouter.Reliability.Ledger;

/// <summary>
/// The embedded default ledger: one SQLite file in write-ahead-log mode. A record committed before a response
/// survives a killed process; with <see cref="SqliteLedgerSync.Full"/> it survives a power loss too.
/// </summary>
public sealed class SqliteLedgerStore : SqlLedgerStore
{
    private readonly string _connectionString;
    private readonly string _pragmas;

    /// <summary>Opens (or will create) the ledger file at <paramref name="path"/>.</summary>
    /// <param name="path">The ledger file.</param>
    /// <param name="sync">How far each commit is synced before it returns.</param>
    public SqliteLedgerStore(string path, SqliteLedgerSync sync = SqliteLedgerSync.Normal)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        Sync = sync;
        _pragmas = $"PRAGMA synchronous={(sync == SqliteLedgerSync.Full ? "FULL" : "NORMAL")}; PRAGMA foreign_keys=ON";
    }

    /// <summary>The ledger file.</summary>
    public string Path { get; }

    /// <summary>How far each commit is synced before it returns.</summary>
    public SqliteLedgerSync Sync { get; }

    /// <inheritdoc />
    protected override IReadOnlyList<string> SchemaStatements { get; } =
        ["PRAGMA journal_mode=WAL", .. Schema("INTEGER", "REAL")];

    /// <summary>Runs SQLite's <c>PRAGMA integrity_check</c>; returns <c>ok</c> for a sound file, otherwise the problems found.</summary>
    public async Task<string> CheckIntegrityAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = _pragmas;
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

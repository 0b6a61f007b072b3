using System.Data.Common;
using Npgsql;

namespace XRouter.Reliability.Ledger;

/// <summary>
/// The ledger on PostgreSQL, for several replicas sharing one ledger. Connections come from one pooled
/// <see cref="NpgsqlDataSource"/>; every request is one transaction.
/// </summary>
public sealed class PostgresLedgerStore : SqlLedgerStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates a store on the database <paramref name="connectionString"/> names.</summary>
    public PostgresLedgerStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <inheritdoc />
    protected override IReadOnlyList<string> SchemaStatements { get; } = Schema("BIGINT", "DOUBLE PRECISION");

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
}

using XRouter.Reliability.Ledger;

namespace XRouter.Server.Ledger;

/// <summary>Where the server commits every served request, bound from <c>XRouterServer:Ledger</c>.</summary>
public sealed class ServerLedgerOptions
{
    /// <summary>The embedded SQLite ledger file (WAL), used unless <see cref="PostgresConnectionString"/> is set. Default <c>xrouter-ledger.db</c> in the working folder, where <c>xrouter ledger</c> looks.</summary>
    public string SqlitePath { get; set; } = "xrouter-ledger.db";

    /// <summary>A PostgreSQL connection string, for a ledger several replicas share; replaces the SQLite file.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// <c>Normal</c> (default): a commit survives a killed server, and a power loss may lose the last ones; <c>Full</c>:
    /// each commit is synced to disk before the response, about a millisecond more per request. SQLite only.
    /// </summary>
    public SqliteLedgerSync SqliteSync { get; set; } = SqliteLedgerSync.Normal;

    /// <summary>True to store each request's user query and the replies (needed by <c>xrouter ledger export</c>); off by default.</summary>
    public bool RecordPrompts { get; set; }
}

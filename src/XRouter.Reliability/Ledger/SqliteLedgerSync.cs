namespace XRouter.Reliability.Ledger;

/// <summary>How far a SQLite ledger commit is synced before it returns (SQLite's <c>synchronous</c> in WAL mode).</summary>
public enum SqliteLedgerSync
{
    /// <summary>
    /// A commit is in the write-ahead log, in the operating system's hands, when it returns: it survives a killed or
    /// crashed process, and a power loss or an operating-system crash may lose the last commits. The default, as
    /// SQLite recommends for WAL: a sync per commit would add about a millisecond to every response.
    /// </summary>
    Normal,

    /// <summary>Every commit is synced to the disk before it returns: it survives a power loss too, at a sync per commit.</summary>
    Full,
}

using XRouter.Policy.Data;

namespace XRouter.Reliability.Ledger;

/// <summary>
/// The durable ledger: every routed request with its calls, committed before the response is returned, read back as
/// spend summaries and exported as a routing log once outcomes are attached. One interface, several databases.
/// </summary>
public interface ILedgerStore : IAsyncDisposable
{
    /// <summary>Creates the schema when it does not exist yet.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits a request and all its calls in one transaction. Appending a request id that is already stored changes
    /// nothing, so a retried append never double-counts.
    /// </summary>
    /// <returns>True when the request was new.</returns>
    Task<bool> AppendAsync(LedgerRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits several requests, each with all its calls, in one transaction (one sync to disk for all: a group commit).
    /// Request ids already stored are skipped; if any request cannot be stored, none is.
    /// </summary>
    /// <returns>How many of the requests were new.</returns>
    Task<int> AppendBatchAsync(IReadOnlyList<LedgerRequest> requests, CancellationToken cancellationToken = default);

    /// <summary>Reads one request and its calls, or null when it is not stored.</summary>
    Task<LedgerRequest?> FindAsync(string requestId, CancellationToken cancellationToken = default);

    /// <summary>Spend per key, per model, per UTC day, in that order, for requests from <paramref name="since"/> on.</summary>
    Task<IReadOnlyList<LedgerSummaryRow>> SummarizeAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default);

    /// <summary>Records how good <paramref name="model"/>'s reply to a stored request was (1 = correct).</summary>
    /// <exception cref="LedgerException">The request is not stored, or the score is outside [0, 1].</exception>
    Task AttachOutcomeAsync(string requestId, string model, double score, CancellationToken cancellationToken = default);

    /// <summary>
    /// The requests that have outcomes attached, as routing-log entries: the query, and per scored model its reply,
    /// tokens, cost and latency from the ledger.
    /// </summary>
    IAsyncEnumerable<RoutingLogEntry> ExportRoutingLogAsync(CancellationToken cancellationToken = default);
}

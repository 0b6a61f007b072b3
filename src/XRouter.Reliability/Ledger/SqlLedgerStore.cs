using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using XRouter.Policy.Data;
using XRouter.SemanticKernel.Ledger;

namespace XRouter.Reliability.Ledger;

/// <summary>
/// The ledger on a SQL database, in SQL that SQLite and PostgreSQL both run: the stores differ only in how they open
/// a connection and in their column types. Timestamps are Unix milliseconds, so a UTC day is an integer division.
/// </summary>
public abstract class SqlLedgerStore : ILedgerStore
{
    private const long MillisecondsPerDay = 86_400_000;

    private const string InsertRequest = """
        INSERT INTO xrouter_requests (request_id, key_id, started_ms, mode, query, turns, cost_usd, router_cost_usd, downstream_cost_usd, saved_usd)
        VALUES (@request_id, @key_id, @started_ms, @mode, @query, @turns, @cost_usd, @router_cost_usd, @downstream_cost_usd, @saved_usd)
        ON CONFLICT (request_id) DO NOTHING
        """;

    private const string InsertCall = """
        INSERT INTO xrouter_calls (request_id, seq, model, kind, status, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens,
                                   cost_usd, saved_usd, cache_hit, usage_estimated, latency_ms, error, response)
        VALUES (@request_id, @seq, @model, @kind, @status, @input_tokens, @cached_input_tokens, @output_tokens, @reasoning_tokens,
                @cost_usd, @saved_usd, @cache_hit, @usage_estimated, @latency_ms, @error, @response)
        """;

    private const string CallColumns = """
        model, kind, status, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, cost_usd, saved_usd, cache_hit, usage_estimated, latency_ms, error, response
        """;

    /// <summary>The statements that create the schema, each idempotent (see <see cref="Schema"/>).</summary>
    protected abstract IReadOnlyList<string> SchemaStatements { get; }

    /// <summary>The schema's statements with the database's names for a 64-bit integer and a double.</summary>
    protected static IReadOnlyList<string> Schema(string bigint, string real) =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS xrouter_requests (
            request_id TEXT PRIMARY KEY, key_id TEXT NOT NULL, started_ms {bigint} NOT NULL, mode TEXT, query TEXT,
            turns INTEGER NOT NULL, cost_usd {real} NOT NULL, router_cost_usd {real} NOT NULL,
            downstream_cost_usd {real} NOT NULL, saved_usd {real} NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS xrouter_requests_started ON xrouter_requests (started_ms)",
        $"""
        CREATE TABLE IF NOT EXISTS xrouter_calls (
            request_id TEXT NOT NULL REFERENCES xrouter_requests (request_id), seq INTEGER NOT NULL, model TEXT NOT NULL,
            kind TEXT NOT NULL, status TEXT NOT NULL, input_tokens {bigint} NOT NULL, cached_input_tokens {bigint} NOT NULL,
            output_tokens {bigint} NOT NULL, reasoning_tokens {bigint} NOT NULL, cost_usd {real} NOT NULL,
            saved_usd {real} NOT NULL, cache_hit INTEGER NOT NULL, usage_estimated INTEGER NOT NULL,
            latency_ms {real} NOT NULL, error TEXT, response TEXT, PRIMARY KEY (request_id, seq))
        """,
        $"""
        CREATE TABLE IF NOT EXISTS xrouter_outcomes (
            request_id TEXT NOT NULL REFERENCES xrouter_requests (request_id), model TEXT NOT NULL,
            score {real} NOT NULL, PRIMARY KEY (request_id, model))
        """,
    ];

    /// <summary>Opens a connection, with whatever per-connection settings the database needs.</summary>
    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (string statement in SchemaStatements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<bool> AppendAsync(LedgerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await AppendBatchAsync([request], cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<int> AppendBatchAsync(IReadOnlyList<LedgerRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests)
        {
            ArgumentNullException.ThrowIfNull(request);
            ArgumentException.ThrowIfNullOrWhiteSpace(request.RequestId);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        int added = 0;
        foreach (var request in requests)
        {
            if (await InsertAsync(connection, transaction, request, cancellationToken).ConfigureAwait(false))
            {
                added++;
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    private static async Task<bool> InsertAsync(DbConnection connection, DbTransaction transaction, LedgerRequest request, CancellationToken cancellationToken)
    {
        await using (var command = Command(connection, transaction, InsertRequest))
        {
            Add(command, "request_id", request.RequestId);
            Add(command, "key_id", request.KeyId);
            Add(command, "started_ms", request.Timestamp.ToUnixTimeMilliseconds());
            Add(command, "mode", request.Mode);
            Add(command, "query", request.Query);
            Add(command, "turns", request.Turns);
            Add(command, "cost_usd", request.CostUsd);
            Add(command, "router_cost_usd", request.RouterCostUsd);
            Add(command, "downstream_cost_usd", request.DownstreamCostUsd);
            Add(command, "saved_usd", request.SavedUsd);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return false;
            }
        }

        for (int seq = 0; seq < request.Calls.Count; seq++)
        {
            var call = request.Calls[seq];
            await using var command = Command(connection, transaction, InsertCall);
            Add(command, "request_id", request.RequestId);
            Add(command, "seq", seq);
            Add(command, "model", call.Model);
            Add(command, "kind", Name(call.Kind));
            Add(command, "status", Name(call.Status));
            Add(command, "input_tokens", call.InputTokens);
            Add(command, "cached_input_tokens", call.CachedInputTokens);
            Add(command, "output_tokens", call.OutputTokens);
            Add(command, "reasoning_tokens", call.ReasoningTokens);
            Add(command, "cost_usd", call.CostUsd);
            Add(command, "saved_usd", call.SavedUsd);
            Add(command, "cache_hit", call.CacheHit ? 1 : 0);
            Add(command, "usage_estimated", call.UsageEstimated ? 1 : 0);
            Add(command, "latency_ms", call.LatencyMs);
            Add(command, "error", call.Error);
            Add(command, "response", call.Response);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <inheritdoc />
    public async Task<LedgerRequest?> FindAsync(string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT key_id, started_ms, mode, query, turns FROM xrouter_requests WHERE request_id = @request_id");
        Add(command, "request_id", requestId);
        string keyId;
        long startedMs;
        string? mode, query;
        int turns;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            keyId = reader.GetString(0);
            startedMs = reader.GetInt64(1);
            mode = NullableString(reader, 2);
            query = NullableString(reader, 3);
            turns = reader.GetInt32(4);
        }

        return new LedgerRequest
        {
            RequestId = requestId,
            KeyId = keyId,
            Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(startedMs),
            Mode = mode,
            Query = query,
            Turns = turns,
            Calls = await ReadCallsAsync(connection, requestId, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerSummaryRow>> SummarizeAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"""
            SELECT r.key_id, c.model, r.started_ms / {MillisecondsPerDay} AS day_number,
                   COUNT(DISTINCT c.request_id), COUNT(*),
                   CAST(SUM(c.input_tokens) AS BIGINT), CAST(SUM(c.cached_input_tokens) AS BIGINT),
                   CAST(SUM(c.output_tokens) AS BIGINT), CAST(SUM(c.reasoning_tokens) AS BIGINT),
                   SUM(c.cost_usd), SUM(c.saved_usd)
            FROM xrouter_calls c JOIN xrouter_requests r ON r.request_id = c.request_id
            WHERE r.started_ms >= @since
            GROUP BY r.key_id, c.model, r.started_ms / {MillisecondsPerDay}
            ORDER BY r.key_id, c.model, day_number
            """);
        Add(command, "since", since?.ToUnixTimeMilliseconds() ?? long.MinValue);
        var rows = new List<LedgerSummaryRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new LedgerSummaryRow
            {
                KeyId = reader.GetString(0),
                Model = reader.GetString(1),
                Day = DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(reader.GetInt64(2))),
                Requests = reader.GetInt64(3),
                Calls = reader.GetInt64(4),
                InputTokens = reader.GetInt64(5),
                CachedInputTokens = reader.GetInt64(6),
                OutputTokens = reader.GetInt64(7),
                ReasoningTokens = reader.GetInt64(8),
                CostUsd = reader.GetDouble(9),
                SavedUsd = reader.GetDouble(10),
            });
        }

        return rows;
    }

    /// <inheritdoc />
    public async Task AttachOutcomeAsync(string requestId, string model, double score, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (!double.IsFinite(score) || score is < 0 or > 1)
        {
            throw new LedgerException(string.Create(CultureInfo.InvariantCulture, $"The outcome score {score} of request '{requestId}' is not in [0, 1]."));
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            INSERT INTO xrouter_outcomes (request_id, model, score)
            SELECT request_id, @model, @score FROM xrouter_requests WHERE request_id = @request_id
            ON CONFLICT (request_id, model) DO UPDATE SET score = excluded.score
            """);
        Add(command, "request_id", requestId);
        Add(command, "model", model);
        Add(command, "score", score);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new LedgerException($"Request '{requestId}' is not in the ledger, so no outcome can be attached to it.");
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RoutingLogEntry> ExportRoutingLogAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var scored = new List<(string RequestId, string? Query, string Model, double Score)>();
        await using (var command = Command(connection, null, """
            SELECT o.request_id, r.query, o.model, o.score
            FROM xrouter_outcomes o JOIN xrouter_requests r ON r.request_id = o.request_id
            ORDER BY r.started_ms, o.request_id, o.model
            """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                scored.Add((reader.GetString(0), NullableString(reader, 1), reader.GetString(2), reader.GetDouble(3)));
            }
        }

        foreach (var group in scored.GroupBy(s => s.RequestId))
        {
            string query = group.First().Query
                ?? throw new LedgerException($"Request '{group.Key}' has outcomes but no recorded query, so it cannot be exported as a routing-log entry (record prompts in the ledger to export it).");
            var calls = await ReadCallsAsync(connection, group.Key, cancellationToken).ConfigureAwait(false);
            var outcomes = new Dictionary<string, ModelOutcome>(StringComparer.Ordinal);
            foreach (var (_, _, model, score) in group)
            {
                var call = calls.LastOrDefault(c => c.Model == model && c.Status == CallStatus.Succeeded);
                outcomes[model] = new ModelOutcome
                {
                    Score = score,
                    Response = call?.Response,
                    InputTokens = call?.InputTokens,
                    OutputTokens = call?.OutputTokens,
                    CostUsd = call is null ? null : call.CostUsd + call.SavedUsd,
                    LatencyMs = call?.LatencyMs,
                };
            }

            yield return new RoutingLogEntry { Id = group.Key, Prompt = query, Outcomes = outcomes };
        }
    }

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    private static async Task<IReadOnlyList<LedgerCall>> ReadCallsAsync(DbConnection connection, string requestId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, $"SELECT {CallColumns} FROM xrouter_calls WHERE request_id = @request_id ORDER BY seq");
        Add(command, "request_id", requestId);
        var calls = new List<LedgerCall>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            calls.Add(new LedgerCall
            {
                Model = reader.GetString(0),
                Kind = Enum.Parse<CallKind>(reader.GetString(1), ignoreCase: true),
                Status = Enum.Parse<CallStatus>(reader.GetString(2), ignoreCase: true),
                InputTokens = reader.GetInt64(3),
                CachedInputTokens = reader.GetInt64(4),
                OutputTokens = reader.GetInt64(5),
                ReasoningTokens = reader.GetInt64(6),
                CostUsd = reader.GetDouble(7),
                SavedUsd = reader.GetDouble(8),
                CacheHit = reader.GetInt32(9) != 0,
                UsageEstimated = reader.GetInt32(10) != 0,
                LatencyMs = reader.GetDouble(11),
                Error = NullableString(reader, 12),
                Response = NullableString(reader, 13),
            });
        }

        return calls;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string Name<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}

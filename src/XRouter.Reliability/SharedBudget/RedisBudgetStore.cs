using System.Globalization;
using System.Runtime.CompilerServices;
using StackExchange.Redis;
using XRouter.SemanticKernel;
using XRouter.SemanticKernel.Budget;

namespace XRouter.Reliability.SharedBudget;

/// <summary>
/// Budget accounts in Redis, shared by every replica that connects to it. Reserve, settle and release each run as one
/// Lua script, so they are atomic across processes. Amounts are held as integer nano-USD (reservations and charges
/// rounded up), so sums never drift. Every reservation expires after <see cref="RedisBudgetOptions.ReservationTimeout"/>
/// on Redis's clock: a replica that crashes mid-call holds money only until then. A settlement that arrives after its
/// reservation expired still charges the billed cost. An account with a period (<see cref="RedisBudgetOptions.Periods"/>)
/// starts each period, on Redis's clock, with nothing spent.
/// </summary>
public sealed class RedisBudgetStore : IBudgetStore
{
    private const double NanoPerUsd = 1e9;

    // KEYS: account hash, reservation expiry zset, reservation amount hash. ARGV[1]: the account's period in ms, 0 for
    // none. Starts a new period with nothing spent (open reservations stay), then drops expired reservations.
    private const string ExpireReservations = """
        local now = redis.call('TIME')
        local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        local period_ms = tonumber(ARGV[1])
        if period_ms > 0 and redis.call('EXISTS', KEYS[1]) == 1 then
          local window = math.floor(now_ms / period_ms)
          if tonumber(redis.call('HGET', KEYS[1], 'window') or '-1') ~= window then
            redis.call('HSET', KEYS[1], 'window', window, 'spent', 0)
          end
        end
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now_ms)) do
          local held = redis.call('HGET', KEYS[3], id)
          if held then
            redis.call('HINCRBY', KEYS[1], 'reserved', -tonumber(held))
            redis.call('HDEL', KEYS[3], id)
          end
          redis.call('ZREM', KEYS[2], id)
        end
        """;

    // ARGV: period (ms), reservation id, minimum, maximum (nano-USD), timeout (ms). Returns {granted, amount, available, limit} or {-1}.
    private const string Reserve = ExpireReservations + "\n" + """
        local limit = redis.call('HGET', KEYS[1], 'limit')
        if not limit then return {-1} end
        limit = tonumber(limit)
        local available = limit - tonumber(redis.call('HGET', KEYS[1], 'spent') or '0') - tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
        if available < tonumber(ARGV[3]) then return {0, 0, available, limit} end
        local amount = math.min(tonumber(ARGV[4]), available)
        redis.call('HINCRBY', KEYS[1], 'reserved', amount)
        redis.call('HSET', KEYS[3], ARGV[2], amount)
        redis.call('ZADD', KEYS[2], now_ms + tonumber(ARGV[5]), ARGV[2])
        return {1, amount, available, limit}
        """;

    // ARGV: period (ms), reservation id, billed (nano-USD). Returns 1 when the reservation was still held, 0 when it had expired.
    private const string Close = ExpireReservations + "\n" + """
        local held = redis.call('HGET', KEYS[3], ARGV[2])
        if held then
          redis.call('HINCRBY', KEYS[1], 'reserved', -tonumber(held))
          redis.call('HDEL', KEYS[3], ARGV[2])
          redis.call('ZREM', KEYS[2], ARGV[2])
        end
        redis.call('HINCRBY', KEYS[1], 'spent', tonumber(ARGV[3]))
        if held then return 1 else return 0 end
        """;

    // Returns {found, limit, spent, reserved}.
    private const string Balance = ExpireReservations + "\n" + """
        local limit = redis.call('HGET', KEYS[1], 'limit')
        if not limit then return {0} end
        return {1, tonumber(limit), tonumber(redis.call('HGET', KEYS[1], 'spent') or '0'), tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')}
        """;

    private readonly IDatabase _database;
    private readonly RedisBudgetOptions _options;

    // A reservation is settled by the replica that took it, so its Redis id can stay in this process.
    private readonly ConditionalWeakTable<BudgetReservation, string> _ids = [];

    /// <summary>Creates the store on a connected multiplexer.</summary>
    public RedisBudgetStore(IConnectionMultiplexer redis, RedisBudgetOptions options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _database = redis.GetDatabase();
        _options = options;
    }

    /// <summary>
    /// Sets each configured account's limit, creating the account when it is new and keeping what it has spent.
    /// Every replica may call this at start-up.
    /// </summary>
    public async Task ApplyLimitsAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (account, limit) in _options.Limits)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _database.HashSetAsync(Keys(account)[0], "limit", ToNano(limit)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<BudgetReservation> ReserveAsync(string account, double minimumUsd, double maximumUsd, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumUsd);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumUsd, minimumUsd);
        string id = Guid.NewGuid().ToString("N");
        var result = (RedisResult[])(await _database.ScriptEvaluateAsync(
            Reserve,
            Keys(account),
            [PeriodOf(account), id, ToNano(minimumUsd), ToNano(maximumUsd), (long)_options.ReservationTimeout.TotalMilliseconds]).ConfigureAwait(false))!;
        long granted = (long)result[0];
        if (granted < 0)
        {
            throw Missing(account);
        }

        var reservation = new BudgetReservation(account, granted == 1, ToUsd(result[1]), Math.Max(0, ToUsd(result[2])), ToUsd(result[3]));
        if (reservation.IsGranted)
        {
            _ids.Add(reservation, id);
        }

        return reservation;
    }

    /// <inheritdoc />
    public ValueTask SettleAsync(BudgetReservation reservation, double actualUsd, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actualUsd);
        return CloseAsync(reservation, actualUsd);
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default) => CloseAsync(reservation, 0);

    /// <inheritdoc />
    public async ValueTask<BudgetBalance> GetBalanceAsync(string account, CancellationToken cancellationToken = default)
    {
        var result = (RedisResult[])(await _database.ScriptEvaluateAsync(Balance, Keys(account), [PeriodOf(account)]).ConfigureAwait(false))!;
        return (long)result[0] == 1
            ? new BudgetBalance(ToUsd(result[1]), ToUsd(result[2]), ToUsd(result[3]))
            : throw Missing(account);
    }

    private async ValueTask CloseAsync(BudgetReservation reservation, double actualUsd)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (!reservation.IsGranted || !_ids.TryGetValue(reservation, out string? id))
        {
            throw new ArgumentException("The reservation is refused, already closed, or was not taken by this store; it holds nothing to settle or release.", nameof(reservation));
        }

        _ids.Remove(reservation);
        await _database.ScriptEvaluateAsync(Close, Keys(reservation.Account), [PeriodOf(reservation.Account), id, ToNano(actualUsd)]).ConfigureAwait(false);
    }

    private long PeriodOf(string account) =>
        _options.Periods.TryGetValue(account, out var period) ? (long)period.TotalMilliseconds : 0;

    // One hash tag per account keeps its three keys in one cluster slot, as a script touching them needs.
    private RedisKey[] Keys(string account)
    {
        ArgumentException.ThrowIfNullOrEmpty(account);
        string root = $"{_options.KeyPrefix}{{{account}}}";
        return [root, root + ":expiry", root + ":held"];
    }

    // Rounds up, ignoring the binary noise of a decimal amount (0.295160417 * 1e9 is a hair above 295160417).
    private static long ToNano(double usd) => (long)Math.Ceiling((usd * NanoPerUsd) - 1e-6);

    private static double ToUsd(RedisResult nano) => (long)nano / NanoPerUsd;

    private static XRouterException Missing(string account) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Budget account '{account}' does not exist in Redis; configure its limit under XRouter:Redis:Budgets so ApplyLimitsAsync creates it."));
}

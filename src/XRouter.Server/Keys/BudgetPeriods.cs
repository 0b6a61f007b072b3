namespace XRouter.Server.Keys;

/// <summary>
/// The budget periods of the configured API keys: a key's spend resets at each multiple of its period since the Unix
/// epoch, in UTC. Says how long a spent key waits (its 429's <c>Retry-After</c>), whichever store keeps the spend.
/// </summary>
internal sealed class BudgetPeriods(IReadOnlyDictionary<string, TimeSpan> periodByAccount, TimeProvider time)
{
    /// <summary>The start of the period <paramref name="now"/> falls in.</summary>
    public static DateTimeOffset WindowStart(DateTimeOffset now, TimeSpan period) =>
        DateTimeOffset.UnixEpoch + TimeSpan.FromTicks((now - DateTimeOffset.UnixEpoch).Ticks / period.Ticks * period.Ticks);

    /// <summary>How long until <paramref name="account"/>'s spend resets; null for an account without a period.</summary>
    public TimeSpan? TimeToReset(string account)
    {
        if (!periodByAccount.TryGetValue(account, out var period))
        {
            return null;
        }

        var now = time.GetUtcNow();
        return WindowStart(now, period) + period - now;
    }
}

namespace XRouter.Reliability.SharedBudget;

/// <summary>Settings of <see cref="RedisBudgetStore"/>.</summary>
public sealed class RedisBudgetOptions
{
    /// <summary>The prefix of every key the store writes.</summary>
    public string KeyPrefix { get; set; } = "xrouter:budget:";

    /// <summary>How long a reservation holds money when its call never settles (the replica crashed). Default 5 minutes.</summary>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The limit in USD of each account, by name.</summary>
    public IDictionary<string, double> Limits { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>
    /// Accounts whose spend resets each period (multiples of it since the Unix epoch, UTC, on Redis's clock), by name;
    /// accounts not listed never reset.
    /// </summary>
    public IDictionary<string, TimeSpan> Periods { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    internal void Validate()
    {
        foreach (var (name, period) in Periods)
        {
            if (period < TimeSpan.FromMilliseconds(1))
            {
                throw new ArgumentException($"The period of budget account '{name}' is {period}; it must be at least one millisecond.");
            }
        }

        if (ReservationTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"ReservationTimeout is {ReservationTimeout}; it must be positive, or a crashed replica would hold its reservations forever.");
        }

        foreach (var (name, limit) in Limits)
        {
            if (!double.IsFinite(limit) || limit < 0)
            {
                throw new ArgumentException($"The limit of budget account '{name}' is {limit}; it must be a finite number, zero or more.");
            }
        }
    }
}

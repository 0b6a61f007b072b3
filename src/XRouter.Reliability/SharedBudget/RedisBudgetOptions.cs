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

    internal void Validate()
    {
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

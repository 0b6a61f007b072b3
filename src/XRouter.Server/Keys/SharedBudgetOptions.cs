namespace XRouter.Server.Keys;

/// <summary>
/// Where budget accounts (the API keys' and <c>XRouter:SharedBudgets</c>) are kept, bound from <c>XRouterServer:Budgets</c>:
/// in this process by default, or in Redis so that every replica draws on the same accounts.
/// </summary>
public sealed class SharedBudgetOptions
{
    /// <summary>A StackExchange.Redis configuration string (<c>host:6379,password=...</c>); when set, accounts live in Redis.</summary>
    public string? Redis { get; set; }

    /// <summary>The prefix of the Redis keys (default <c>xrouter:budget:</c>); replicas that share accounts use the same.</summary>
    public string KeyPrefix { get; set; } = "xrouter:budget:";

    /// <summary>How long a reservation of a crashed replica holds money in Redis before it expires (default 5 minutes).</summary>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromMinutes(5);
}

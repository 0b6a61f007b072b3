namespace XRouter.Server.Keys;

/// <summary>One API key the server accepts, bound from <c>XRouterServer:ApiKeys:&lt;name&gt;</c>.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The SHA-256 of the key, in hex (<c>xrouter serve hash-key KEY</c> prints it); the key itself is never stored.</summary>
    public string? Sha256 { get; set; }

    /// <summary>The most this key may spend per <see cref="BudgetPeriod"/> in USD; null for no limit.</summary>
    public double? BudgetUsd { get; set; }

    /// <summary>The budget period (default one day); spend resets at each multiple of it since the Unix epoch, in UTC.</summary>
    public TimeSpan BudgetPeriod { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The models (<c>xrouter</c> or pool ids) this key may ask for; empty allows every model.</summary>
    public IList<string> AllowedModels { get; } = [];
}

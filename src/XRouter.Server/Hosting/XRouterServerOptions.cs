using XRouter.Server.Keys;
using XRouter.Server.Ledger;

namespace XRouter.Server.Hosting;

/// <summary>The server's settings, bound from the configuration section <c>XRouterServer</c> and validated at start-up.</summary>
public sealed class XRouterServerOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "XRouterServer";

    /// <summary>The model id clients send to be routed (default <c>xrouter</c>); pool model ids route straight to that model.</summary>
    public string RouterModelName { get; set; } = "xrouter";

    /// <summary>Request bodies larger than this are refused with 413 (default 1 MiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long shutdown waits for requests in flight, streams included, to finish (default 30 s).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Accepted API keys by name; none configured means the server is open to every caller.</summary>
    public IDictionary<string, ApiKeyOptions> ApiKeys { get; } = new Dictionary<string, ApiKeyOptions>(StringComparer.Ordinal);

    /// <summary>True to log prompts and replies; off by default.</summary>
    public bool EnableSensitiveData { get; set; }

    /// <summary>Where traces and metrics go.</summary>
    public TelemetryExportOptions Telemetry { get; set; } = new();

    /// <summary>Where budget accounts are kept: this process, or Redis shared by every replica.</summary>
    public SharedBudgetOptions Budgets { get; set; } = new();

    /// <summary>The durable ledger every served request is committed to before its reply leaves.</summary>
    public ServerLedgerOptions Ledger { get; set; } = new();
}

/// <summary>OpenTelemetry export of the <c>XRouter</c> and ASP.NET Core traces and metrics.</summary>
public sealed class TelemetryExportOptions
{
    /// <summary>An OTLP endpoint; when set (here or as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) traces and metrics go there instead of the console.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>True (default) to print traces and metrics on the console when no OTLP endpoint is set.</summary>
    public bool Console { get; set; } = true;
}

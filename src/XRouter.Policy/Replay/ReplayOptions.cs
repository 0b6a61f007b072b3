namespace XRouter.Policy.Replay;

/// <summary>How replay clients answer.</summary>
public sealed record ReplayOptions
{
    /// <summary>When true, each reply waits its recorded <c>latency_ms</c> before returning. Default false.</summary>
    public bool ReplayLatency { get; init; }

    /// <summary>The clock latency is replayed on. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

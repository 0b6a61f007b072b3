namespace XRouter.Reliability.Resilience;

/// <summary>Settings of <see cref="ResilientChatClient"/>, one set per downstream model.</summary>
public sealed class DownstreamResilienceOptions
{
    /// <summary>How long one attempt may take. Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the call may take in all, retries and waits included; no retry starts that would end past it. Default 100 s.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Retries after the first attempt, for 408, 429, 5xx, network errors and attempt timeouts. Default 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first backoff delay (exponential, jittered) when the endpoint sends no <c>Retry-After</c>. Default 250 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The share of failed calls within <see cref="SamplingDuration"/> that opens the model's circuit. Default 0.5.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>The fewest calls within <see cref="SamplingDuration"/> before the circuit may open. Default 5.</summary>
    public int MinimumThroughput { get; set; } = 5;

    /// <summary>The window over which failures are counted. Default 30 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit skips the model before one trial call. Default 30 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        Positive(AttemptTimeout, nameof(AttemptTimeout));
        Positive(Deadline, nameof(Deadline));
        Positive(SamplingDuration, nameof(SamplingDuration));
        Positive(BreakDuration, nameof(BreakDuration));
        if (MaxRetries < 0 || BaseDelay < TimeSpan.Zero || FailureRatio is <= 0 or > 1 || MinimumThroughput < 2)
        {
            throw new ArgumentException("Downstream resilience needs MaxRetries >= 0, BaseDelay >= 0, FailureRatio in (0, 1] and MinimumThroughput >= 2.");
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Downstream resilience {name} is {value}; it must be positive.");
        }
    }
}

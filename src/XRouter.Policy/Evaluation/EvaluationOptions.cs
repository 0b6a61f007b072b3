namespace XRouter.Policy.Evaluation;

/// <summary>Settings of an evaluation.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The score at or above which an answer counts as a success. Default 1.</summary>
    public double SuccessThreshold { get; init; } = 1.0;

    /// <summary>The strong model of APGR and CPT, or null to skip them.</summary>
    public string? Strong { get; init; }

    /// <summary>The weak model of APGR and CPT, or null to skip them.</summary>
    public string? Weak { get; init; }
}

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

    /// <summary>Bootstrap resamples of the queries for 95% intervals; 0 for none. Default 1000.</summary>
    public int BootstrapResamples { get; init; } = 1000;

    /// <summary>The seed of the bootstrap resampling, so intervals reproduce. Default 0.</summary>
    public int BootstrapSeed { get; init; }

    /// <summary>Mean costs per query (USD) at which each policy's frontier accuracy is read.</summary>
    public IReadOnlyList<double> AtCost { get; init; } = [];

    /// <summary>Accuracies whose cost per query is read on each policy's frontier.</summary>
    public IReadOnlyList<double> AtAccuracy { get; init; } = [];
}

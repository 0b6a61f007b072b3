namespace XRouter.Cli.Commands;

/// <summary>The parsed options of <c>xrouter eval</c>.</summary>
internal sealed record EvalArguments(
    string Data,
    string? Train,
    string? Catalog,
    IReadOnlyList<string> Policies,
    string? Lambdas,
    int? Sweep,
    string? Strong,
    string? Weak,
    string Out,
    bool Json,
    bool EndToEnd)
{
    /// <summary>The pool's models (<c>--models</c>), or null for every model of the log.</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>Models to leave out of the pool (<c>--exclude-models</c>).</summary>
    public IReadOnlyList<string>? ExcludeModels { get; init; }

    /// <summary>The pool models one-step and knn are fitted on (<c>--fit-models</c>), or null for the whole pool.</summary>
    public IReadOnlyList<string>? FitModels { get; init; }

    /// <summary>The model of the log designated as the router's own answerer instead of a tool (<c>--direct-answer-model</c>).</summary>
    public string? DirectAnswerModel { get; init; }

    /// <summary>The score at or above which an answer succeeds (<c>--success-threshold</c>).</summary>
    public double SuccessThreshold { get; init; } = 1.0;

    /// <summary>Whether <c>--success-threshold</c> was given.</summary>
    public bool SuccessThresholdGiven { get; init; }

    /// <summary>How many seeds the random baseline is averaged over (<c>--random-iters</c>).</summary>
    public int RandomIters { get; init; } = 10;

    /// <summary>Bootstrap resamples for the confidence intervals (<c>--bootstrap</c>); 0 for none.</summary>
    public int Bootstrap { get; init; } = 1000;

    /// <summary>Mean costs per query in USD at which to read each policy's accuracy (<c>--at-cost</c>).</summary>
    public IReadOnlyList<double> AtCost { get; init; } = [];

    /// <summary>Accuracies whose cost to reach is read on each policy's frontier (<c>--at-accuracy</c>).</summary>
    public IReadOnlyList<double> AtAccuracy { get; init; } = [];

    /// <summary>The JSONL file for the per-query decisions (<c>--decisions</c>), or null.</summary>
    public string? Decisions { get; init; }

    /// <summary>The embeddings endpoint for policy files trained with embeddings (<c>--embeddings</c>).</summary>
    public string? Embeddings { get; init; }

    /// <summary>The embedding model (<c>--embedding-model</c>).</summary>
    public string? EmbeddingModel { get; init; }
}

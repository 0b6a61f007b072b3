using XRouter.Policy.Evaluation.Metrics;

namespace XRouter.Policy.Evaluation;

/// <summary>Everything an evaluation measured, ready to be written as JSON, Markdown or plots.</summary>
public sealed record EvaluationReport
{
    /// <summary>The name under which the Zero router (the hull of the single models) appears in the AIQ tables.</summary>
    public const string ZeroRouter = "zero-router";

    /// <summary>How many queries were evaluated (complete for the pool).</summary>
    public required int Queries { get; init; }

    /// <summary>How many queries of the log were excluded for lacking an outcome of some pool model.</summary>
    public required int ExcludedQueries { get; init; }

    /// <summary>How many queries of the log have no outcome of any pool model.</summary>
    public required int EmptyQueries { get; init; }

    /// <summary>Per pool model with missing outcomes, how many queries that have some pool outcome lack it.</summary>
    public required IReadOnlyDictionary<string, int> MissingByModel { get; init; }

    /// <summary>The pool's model ids.</summary>
    public required IReadOnlyList<string> Models { get; init; }

    /// <summary>The task families, in order of first appearance.</summary>
    public required IReadOnlyList<string> Tasks { get; init; }

    /// <summary>Where the pool's prices came from.</summary>
    public required string PriceSource { get; init; }

    /// <summary>The score at or above which an answer counted as a success.</summary>
    public required double SuccessThreshold { get; init; }

    /// <summary>How the oracle chose its model, in words.</summary>
    public required string OracleDefinition { get; init; }

    /// <summary>The cost penalties that cost-aware policies ran at.</summary>
    public required IReadOnlyList<double> Lambdas { get; init; }

    /// <summary>Bootstrap resamples behind the intervals (0: none).</summary>
    public required int BootstrapResamples { get; init; }

    /// <summary>The single model most accurate on the training queries, measured on the evaluated ones; null without training queries.</summary>
    public required PolicySummary? BestSingle { get; init; }

    /// <summary>The oracle on the evaluated queries.</summary>
    public required PolicySummary Oracle { get; init; }

    /// <summary>Every policy run, in the order requested.</summary>
    public required IReadOnlyList<PolicyRun> Runs { get; init; }

    /// <summary>Per task, every policy run's summary over that task's queries, the oracle's included.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<PolicySummary>> RunsByTask { get; init; }

    /// <summary>Per policy, its best point: the highest accuracy, the cheapest among ties.</summary>
    public required IReadOnlyList<PolicyHighlight> Highlights { get; init; }

    /// <summary>Per policy (and the Zero router), the vertices of its cost-accuracy frontier.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<(double Cost, double Accuracy)>> Frontiers { get; init; }

    /// <summary>The upper end of the AIQ cost range: the dearest single model's mean cost (the range starts at 0).</summary>
    public required double AiqCostMax { get; init; }

    /// <summary>Per policy and the Zero router, RouterBench's AIQ over all queries; null for a policy with one operating point.</summary>
    public required IReadOnlyDictionary<string, double?> Aiq { get; init; }

    /// <summary>The bootstrap 95% interval of each policy's pooled AIQ, when bootstrapped and defined.</summary>
    public required IReadOnlyDictionary<string, ConfidenceInterval?> AiqIntervals { get; init; }

    /// <summary>The paired bootstrap 95% interval of each policy's AIQ minus the Zero router's, when bootstrapped and defined.</summary>
    public required IReadOnlyDictionary<string, ConfidenceInterval?> AiqGainOverZeroRouter { get; init; }

    /// <summary>Per task, each policy's AIQ on that task's queries (cost range: that task's dearest single model).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>> AiqByTask { get; init; }

    /// <summary>Per policy, the mean of its per-task AIQs, as RouterBench averages over evals; null when undefined on a task.</summary>
    public required IReadOnlyDictionary<string, double?> AiqMeanOverTasks { get; init; }

    /// <summary>Per policy, 1 - its cost at the best single model's accuracy / that model's cost; null when it never reaches that accuracy.</summary>
    public required IReadOnlyDictionary<string, double?> CostReductionVsBestSingle { get; init; }

    /// <summary>Per requested mean cost (USD), each policy's frontier accuracy at that cost; null when its cheapest point costs more.</summary>
    public required IReadOnlyList<FrontierReading> AccuracyAtCost { get; init; }

    /// <summary>Per requested accuracy, each policy's frontier cost (USD per query) to reach it; null when out of reach.</summary>
    public required IReadOnlyList<FrontierReading> CostAtAccuracy { get; init; }

    /// <summary>APGR and CPT per policy, when a strong and a weak model were named.</summary>
    public required StrongWeakReport? StrongWeak { get; init; }
}

/// <summary>A policy's best operating point and whether it beats the best single model.</summary>
/// <param name="Best">The summary at the policy's most accurate point (the cheapest among ties).</param>
/// <param name="Points">How many operating points (lambdas) the policy has.</param>
/// <param name="AccuracyGainOverBestSingle">The paired bootstrap 95% interval of its accuracy minus the best single model's; null without both.</param>
public sealed record PolicyHighlight(PolicySummary Best, int Points, ConfidenceInterval? AccuracyGainOverBestSingle);

/// <summary>Each policy's frontier read at one target.</summary>
/// <param name="Target">The mean cost (USD) or the accuracy read at.</param>
/// <param name="ByPolicy">Per policy and the Zero router, the reading; null when out of reach.</param>
public sealed record FrontierReading(double Target, IReadOnlyDictionary<string, double?> ByPolicy);

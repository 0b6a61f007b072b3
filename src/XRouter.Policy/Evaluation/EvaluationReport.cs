using XRouter.Policy.Evaluation.Metrics;

namespace XRouter.Policy.Evaluation;

/// <summary>Everything an evaluation measured, ready to be written as JSON, Markdown or plots.</summary>
public sealed record EvaluationReport
{
    /// <summary>How many queries were evaluated (complete for the pool).</summary>
    public required int Queries { get; init; }

    /// <summary>How many queries of the log were excluded for lacking an outcome of some pool model.</summary>
    public required int ExcludedQueries { get; init; }

    /// <summary>The pool's model ids.</summary>
    public required IReadOnlyList<string> Models { get; init; }

    /// <summary>The task families, in order of first appearance.</summary>
    public required IReadOnlyList<string> Tasks { get; init; }

    /// <summary>Where the pool's prices came from.</summary>
    public required string PriceSource { get; init; }

    /// <summary>The cost penalties that cost-aware policies ran at.</summary>
    public required IReadOnlyList<double> Lambdas { get; init; }

    /// <summary>The single model most accurate on the training queries, measured on the evaluated ones; null without training queries.</summary>
    public required PolicySummary? BestSingle { get; init; }

    /// <summary>The oracle on the evaluated queries.</summary>
    public required PolicySummary Oracle { get; init; }

    /// <summary>Every policy run, in the order requested.</summary>
    public required IReadOnlyList<PolicyRun> Runs { get; init; }

    /// <summary>Per task, every policy run's summary over that task's queries, the oracle's included.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<PolicySummary>> RunsByTask { get; init; }

    /// <summary>The cheapest and the most expensive single model's mean cost: the AIQ cost range.</summary>
    public required (double Min, double Max) CostRange { get; init; }

    /// <summary>Per policy, the area under its cost-accuracy frontier over <see cref="CostRange"/>, normalized by the range.</summary>
    public required IReadOnlyDictionary<string, double> Aiq { get; init; }

    /// <summary>Per policy, 1 - its cost at the best single model's accuracy / that model's cost; null when it never reaches that accuracy.</summary>
    public required IReadOnlyDictionary<string, double?> CostReductionVsBestSingle { get; init; }

    /// <summary>APGR and CPT per policy, when a strong and a weak model were named.</summary>
    public required StrongWeakReport? StrongWeak { get; init; }
}

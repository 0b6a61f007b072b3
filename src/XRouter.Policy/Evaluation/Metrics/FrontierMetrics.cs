namespace XRouter.Policy.Evaluation.Metrics;

/// <summary>
/// The cost-accuracy frontiers of a set of policy runs and of the Zero router, and RouterBench's AIQ on them:
/// the area under a frontier from 0 to the dearest single model's cost (0 below the policy's cheapest point,
/// flat after its dearest), divided by that cost.
/// </summary>
internal sealed class FrontierMetrics
{
    private readonly Dictionary<string, List<(double Cost, double Accuracy)>> _points = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Collects the operating points of <paramref name="summaries"/> per policy, and the Zero router's from the single models' points.</summary>
    public FrontierMetrics(IEnumerable<PolicySummary> summaries, IReadOnlyList<(double Cost, double Accuracy)> singles, string zeroRouter)
    {
        foreach (var summary in summaries)
        {
            Add(summary.Policy, (summary.MeanCostUsd, summary.Accuracy));
        }

        foreach (var single in singles)
        {
            Add(zeroRouter, single);
        }

        CostMax = singles.Count == 0 ? 0 : singles.Max(s => s.Cost);
    }

    /// <summary>The upper end of the AIQ cost range.</summary>
    public double CostMax { get; }

    /// <summary>AIQ of a frontier over [0, <paramref name="costMax"/>]; in a pool whose models are all free, the frontier's best accuracy.</summary>
    public static double AiqOf(CostAccuracyFrontier frontier, double costMax) =>
        costMax > 0 ? frontier.NormalizedArea(0, costMax) : frontier.Points[^1].Accuracy;

    /// <summary>Whether points make a curve rather than one operating point.</summary>
    public static bool IsCurve(IEnumerable<(double Cost, double Accuracy)> points) => points.Distinct().Skip(1).Any();

    /// <summary>Per policy, its AIQ; null for a policy with a single distinct operating point.</summary>
    public IReadOnlyDictionary<string, double?> Aiq() => Map(f => AiqOf(f, CostMax), requireCurve: true);

    /// <summary>Per policy, its frontier's vertices.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(double Cost, double Accuracy)>> Vertices() =>
        _order.ToDictionary(p => p, p => new CostAccuracyFrontier(_points[p]).Points, StringComparer.Ordinal);

    /// <summary>Per policy, a figure read on its frontier.</summary>
    public IReadOnlyDictionary<string, double?> Map(Func<CostAccuracyFrontier, double?> read, bool requireCurve = false) =>
        _order.ToDictionary(p => p, p => requireCurve && !IsCurve(_points[p]) ? null : read(new CostAccuracyFrontier(_points[p])), StringComparer.Ordinal);

    private void Add(string policy, (double Cost, double Accuracy) point)
    {
        if (!_points.TryGetValue(policy, out var points))
        {
            _points[policy] = points = [];
            _order.Add(policy);
        }

        points.Add(point);
    }
}

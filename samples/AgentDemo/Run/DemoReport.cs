namespace AgentDemo.Run;

/// <summary>Everything one offline run showed: per-query routing, the single-model references and the sweep.</summary>
/// <param name="Data">Where the routing log came from.</param>
/// <param name="Excluded">Queries of the log left out for lacking some model's outcome.</param>
/// <param name="Agent">Which agent framework asked.</param>
/// <param name="Policy">The routing policy's name.</param>
/// <param name="Lambda">The run's cost penalty.</param>
/// <param name="MaxCostUsd">The per-request cost limit, if any.</param>
/// <param name="Queries">Each query's outcome, in log order.</param>
/// <param name="Strongest">The most accurate single model on these queries; null live, where recordings do not apply.</param>
/// <param name="Cheapest">The cheapest single model on these queries; null live.</param>
/// <param name="Sweep">The policy's accuracy and cost over several cost penalties.</param>
internal sealed record DemoReport(
    string Data,
    int Excluded,
    string Agent,
    string Policy,
    double Lambda,
    double? MaxCostUsd,
    IReadOnlyList<QueryOutcome> Queries,
    SingleModelBaseline? Strongest,
    SingleModelBaseline? Cheapest,
    IReadOnlyList<SweepPoint> Sweep)
{
    /// <summary>Share of queries answered right (an ungradable answer counts as not right).</summary>
    public double Accuracy => Queries.Count == 0 ? 0 : Queries.Average(q => q.Correct == true ? 1.0 : 0.0);

    /// <summary>What all queries cost through XRouter.</summary>
    public double CostUsd => Queries.Sum(q => q.CostUsd);
}

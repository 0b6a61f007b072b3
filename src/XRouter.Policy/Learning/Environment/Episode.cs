namespace XRouter.Policy.Learning.Environment;

/// <summary>
/// One training episode: a query, the models offered (training-pool indices, at least two), each offered model's
/// price factor, the cost penalty, which offered models pose as unknown to the success model, whether the last
/// offered model is the designated direct-answer model instead of a tool, and whether the query's task is withheld from
/// the policy (as for a request that names none).
/// </summary>
internal sealed record Episode(RoutingSample Sample, int[] Pool, double[] PriceFactor, double Lambda, bool[] Unknown, bool HasDirect = false, bool TaskHidden = false)
{
    /// <summary>How many offered models are tools (the direct-answer model, when designated, is not).</summary>
    public int Callable => Pool.Length - (HasDirect ? 1 : 0);
}

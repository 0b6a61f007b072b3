namespace XRouter.Policy.Learning.Environment;

/// <summary>
/// One training episode: a query, the sub-pool offered (training-pool indices, at least two), each offered model's
/// price factor, the cost penalty, and which offered models pose as unknown to the success model.
/// </summary>
internal sealed record Episode(RoutingSample Sample, int[] Pool, double[] PriceFactor, double Lambda, bool[] Unknown);

using System.Collections.Concurrent;
using XRouter.Policy.Catalog;
using XRouter.Policy.Learning.Success;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Learning.OneStep;

/// <summary>
/// A one-step router for comparison with the learned multi-step policy: it calls the one model maximizing
/// <c>P(success) * (1 - min(lambda * estimated cost, cost_max))</c> and returns its reply. The success estimates come
/// from the logistic success model or from the k nearest training queries. Of equal values the cheaper model wins: past
/// the penalty's cap every model keeps the same share, and a penalty that high asks for the cheapest.
/// </summary>
internal sealed class OneStepRoutingPolicy : IRoutingPolicy
{
    private readonly Func<RoutingQuery, IReadOnlyList<ModelCard>, PoolAssessment> _assess;
    private readonly double _maxPenalty;

    // A lambda sweep asks about every query once per lambda; the estimates do not depend on it.
    private readonly ConcurrentDictionary<(string Id, string Prompt), (IReadOnlyList<ModelCard> Pool, PoolAssessment Assessment)> _cache = new();

    public OneStepRoutingPolicy(string name, Func<RoutingQuery, IReadOnlyList<ModelCard>, PoolAssessment> assess, double maxPenalty)
    {
        Name = name;
        _assess = assess;
        _maxPenalty = maxPenalty;
    }

    public string Name { get; }

    public RoutingStep Decide(RoutingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Replies.Count > 0)
        {
            return new RoutingStep.SelectReply(state.Replies[^1].ModelId);
        }

        var key = (state.Query.Id, state.Query.Prompt);
        var assessment = _cache.TryGetValue(key, out var cached) && ReferenceEquals(cached.Pool, state.Pool)
            ? cached.Assessment
            : (_cache[key] = (state.Pool, _assess(state.Query, state.Pool))).Assessment;
        int best = 0;
        double bestValue = double.NegativeInfinity;
        for (int i = 0; i < state.Pool.Count; i++)
        {
            double value = assessment.P[i] * (1 - Math.Min(state.CostPenalty * assessment.Cost[i], _maxPenalty));
            if (value > bestValue || (value == bestValue && assessment.Cost[i] < assessment.Cost[best]))
            {
                bestValue = value;
                best = i;
            }
        }

        return new RoutingStep.Route(state.Pool[best].Id);
    }
}

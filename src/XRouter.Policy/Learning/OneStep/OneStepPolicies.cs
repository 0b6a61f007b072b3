using XRouter.Policy.Evaluation;
using XRouter.Policy.Learning.Features;
using XRouter.Policy.Learning.Success;

namespace XRouter.Policy.Learning.OneStep;

/// <summary>
/// The one-step comparison routers of <c>xrouter eval</c>, fitted on the <c>--train</c> log: <c>one-step</c> (the
/// logistic success model) and <c>knn</c> (the k nearest training queries), both on the learned router's features
/// and cost estimates, both choosing by <c>P(success) * (1 - min(lambda * cost, cost_max))</c>.
/// </summary>
public static class OneStepPolicies
{
    /// <summary>The logistic one-step router.</summary>
    public const string OneStep = "one-step";

    /// <summary>The k-nearest-neighbour router.</summary>
    public const string Knn = "knn";

    /// <summary>The names this factory knows.</summary>
    public static IReadOnlyList<string> Names { get; } = [OneStep, Knn];

    /// <summary>Builds the router <paramref name="name"/>, fitted on <paramref name="train"/>.</summary>
    /// <param name="name"><see cref="OneStep"/> or <see cref="Knn"/>.</param>
    /// <param name="train">The training queries (complete for the pool); never the evaluated ones.</param>
    /// <param name="pool">The pool whose cards give tiers and prices.</param>
    /// <param name="seed">The seed of the success model's fit.</param>
    /// <exception cref="EvaluationException">The name is not one of <see cref="Names"/>.</exception>
    public static EvaluatedPolicy Create(string name, EvaluationDataset train, EvaluationPool pool, int seed = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(pool);
        const double maxPenalty = 1.0;
        var cards = train.Models.Select(m => pool.Cards.First(c => c.Id == m)).ToList();
        var fitted = KnowledgeFitter.Fit(train.Entries, QueryEmbeddings.None, train.Models, cards, 8192, 1.0, seed);
        return name switch
        {
            OneStep => new EvaluatedPolicy(new OneStepRoutingPolicy(OneStep, fitted.Knowledge.Assess, maxPenalty), true),
            Knn => new EvaluatedPolicy(
                new OneStepRoutingPolicy(Knn, new NearestNeighbors(fitted.Knowledge, fitted.Features, fitted.Success, 20).Assess, maxPenalty), true),
            _ => throw new EvaluationException($"Unknown one-step router '{name}'; known: {string.Join(", ", Names)}."),
        };
    }
}

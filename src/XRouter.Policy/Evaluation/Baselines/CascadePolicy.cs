using XRouter.Policy.Routing;

namespace XRouter.Policy.Evaluation.Baselines;

/// <summary>
/// A cascade: two cheap models answer first; when their parsed answers agree, the first one's reply is selected,
/// otherwise the strongest model is called in a route step (its reply is the answer). An empty (or unrecorded) reply agrees with
/// nothing, so such a query escalates.
/// </summary>
public sealed class CascadePolicy : IRoutingPolicy
{
    /// <summary>Creates the cascade from explicit models.</summary>
    /// <param name="firstCheap">The cheap model whose reply is selected when both agree.</param>
    /// <param name="secondCheap">The other cheap model.</param>
    /// <param name="strongest">The model the cascade escalates to.</param>
    public CascadePolicy(string firstCheap, string secondCheap, string strongest)
    {
        ArgumentException.ThrowIfNullOrEmpty(firstCheap);
        ArgumentException.ThrowIfNullOrEmpty(secondCheap);
        ArgumentException.ThrowIfNullOrEmpty(strongest);
        if (firstCheap == secondCheap || firstCheap == strongest || secondCheap == strongest)
        {
            throw new ArgumentException($"A cascade needs three different models; got '{firstCheap}', '{secondCheap}', '{strongest}'.", nameof(strongest));
        }

        FirstCheap = firstCheap;
        SecondCheap = secondCheap;
        Strongest = strongest;
    }

    /// <inheritdoc/>
    public string Name => "cascade";

    /// <summary>The cheap model whose reply is selected when both cheap models agree.</summary>
    public string FirstCheap { get; }

    /// <summary>The other cheap model.</summary>
    public string SecondCheap { get; }

    /// <summary>The model the cascade escalates to.</summary>
    public string Strongest { get; }

    /// <summary>
    /// Chooses the models on training queries: the strongest is the most accurate; the cheap pair are the two most
    /// accurate of the others whose mean cost is at most the pool's median.
    /// </summary>
    /// <param name="train">Statistics of the training queries; never the evaluated ones.</param>
    /// <exception cref="EvaluationException">The pool has fewer than three models.</exception>
    public static CascadePolicy FromTraining(PoolStatistics train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Models.Count < 3)
        {
            throw new EvaluationException($"The cascade needs at least three models in the pool; it has {train.Models.Count}.");
        }

        string strongest = train.Best(0);
        var costs = train.Models.Select(m => train.MeanCost(m)).Order().ToList();
        double median = costs[(costs.Count - 1) / 2];
        var cheap = train.Models
            .Where(m => m != strongest)
            .OrderBy(m => train.MeanCost(m) <= median ? 0 : 1)
            .ThenByDescending(m => train.MeanScore(m))
            .ThenBy(m => train.MeanCost(m))
            .Take(2)
            .ToList();
        return new CascadePolicy(cheap[0], cheap[1], strongest);
    }

    /// <summary>How many of <paramref name="evaluated"/>'s queries record no response of a cheap model (they escalate).</summary>
    public int QueriesWithoutResponses(EvaluationDataset evaluated)
    {
        ArgumentNullException.ThrowIfNull(evaluated);
        return evaluated.Entries.Count(e =>
            string.IsNullOrEmpty(e.Outcomes.GetValueOrDefault(FirstCheap)?.Response) || string.IsNullOrEmpty(e.Outcomes.GetValueOrDefault(SecondCheap)?.Response));
    }

    /// <inheritdoc/>
    public RoutingStep Decide(RoutingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Replies.Count switch
        {
            0 => new RoutingStep.CallModels([FirstCheap, SecondCheap]),
            2 when Agree(state.Replies[0].Text, state.Replies[1].Text) => new RoutingStep.SelectReply(FirstCheap),
            2 => new RoutingStep.Route(Strongest),
            var replies => throw new EvaluationException($"The cascade calls two models together; it cannot go on from {replies} replies."),
        };
    }

    private static bool Agree(string first, string second)
    {
        string key = AnswerKey.Of(first);
        return key.Length > 0 && key == AnswerKey.Of(second);
    }
}

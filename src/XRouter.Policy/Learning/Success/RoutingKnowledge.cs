using XRouter.Policy.Catalog;
using XRouter.Policy.Learning.Features;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Learning.Success;

/// <summary>
/// What a learned router knows before it acts on a query: the featurizer, the success model and the model profiles.
/// It turns a query and the priced pool of the request into per-model success probabilities and estimated costs.
/// A model absent from training gets the mean probability (and reply length) of the known models of its catalog
/// tier, or of all known models when none shares its tier, so a new model is judged by what the catalog says.
/// </summary>
internal sealed class RoutingKnowledge
{
    private readonly Dictionary<string, int> _index;

    public RoutingKnowledge(HashedTextFeaturizer featurizer, SuccessModel success, IReadOnlyList<ModelProfile> profiles)
    {
        Featurizer = featurizer;
        Success = success;
        Profiles = profiles;
        _index = success.Models.Select((m, i) => (m, i)).ToDictionary(t => t.m, t => t.i, StringComparer.Ordinal);
    }

    public HashedTextFeaturizer Featurizer { get; }

    public SuccessModel Success { get; }

    /// <summary>Profiles in <see cref="SuccessModel.Models"/> order.</summary>
    public IReadOnlyList<ModelProfile> Profiles { get; }

    /// <summary>Whether training knew <paramref name="modelId"/>.</summary>
    public bool Knows(string modelId) => _index.ContainsKey(modelId);

    /// <summary>Success probabilities and estimated costs of the pool's models on <paramref name="query"/>.</summary>
    public PoolAssessment Assess(RoutingQuery query, IReadOnlyList<ModelCard> pool)
    {
        var known = Success.Predict(Featurizer.Featurize(query.Prompt, query.Task));
        double promptTokens = query.Prompt.Length / 4.0;
        var p = new double[pool.Count];
        var cost = new double[pool.Count];
        var answers = new double[pool.Count];
        for (int i = 0; i < pool.Count; i++)
        {
            var card = pool[i];
            double outputTokens;
            if (_index.TryGetValue(card.Id, out int m))
            {
                p[i] = known[m];
                outputTokens = Profiles[m].OutputTokensFor(query.Task);
                answers[i] = Profiles[m].AnswerRateFor(query.Task);
            }
            else
            {
                (p[i], outputTokens, answers[i]) = Fallback(known, card.Tier, query.Task);
            }

            cost[i] = ((promptTokens * card.InputPerMTok) + (outputTokens * card.OutputPerMTok)) / 1_000_000d;
        }

        return new PoolAssessment(p, cost, answers);
    }

    /// <summary>The tier-mean probability, reply length and answer rate standing in for a model training did not know.</summary>
    public (double P, double OutputTokens, double AnswerRate) Fallback(IReadOnlyList<double> known, ModelTier tier, string? task)
    {
        var peers = Enumerable.Range(0, Profiles.Count).Where(m => tier != ModelTier.Unspecified && Profiles[m].Tier == tier).ToList();
        if (peers.Count == 0)
        {
            peers = [.. Enumerable.Range(0, Profiles.Count)];
        }

        return (peers.Average(m => known[m]), peers.Average(m => Profiles[m].OutputTokensFor(task)), peers.Average(m => Profiles[m].AnswerRateFor(task)));
    }
}

/// <summary>Per pool model (in pool order): the estimated success probability, USD cost of a call, and chance its reply states a comparable answer.</summary>
internal sealed record PoolAssessment(double[] P, double[] Cost, double[] AnswerRate);

using XRouter.Policy.Catalog;
using XRouter.Policy.Learning.Features;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Learning.Success;

/// <summary>
/// What a learned router knows before it acts on a query: the featurizer, the success model and its calibration, the
/// model profiles, the pair statistics and the task recognizer. It turns a query and the priced pool of the request into
/// per-model success probabilities, estimated costs and the pair rates among the pool. A query that names no task but
/// is clearly one of the training tasks (<see cref="TaskRecognizer"/>) is assessed as that task's.
/// A model absent from training gets the mean probability (and reply length) of the known models of its catalog
/// tier, or of all known models when none shares its tier, so a new model is judged by what the catalog says.
/// </summary>
internal sealed class RoutingKnowledge
{
    private readonly Dictionary<string, int> _index;

    public RoutingKnowledge(
        QueryFeaturizer featurizer, SuccessModel success, SuccessCalibration calibration, IReadOnlyList<ModelProfile> profiles, PairStatistics pairs, TaskRecognizer tasks)
    {
        Featurizer = featurizer;
        Success = success;
        Calibration = calibration;
        Profiles = profiles;
        Pairs = pairs;
        Tasks = tasks;
        _index = success.Models.Select((m, i) => (m, i)).ToDictionary(t => t.m, t => t.i, StringComparer.Ordinal);
    }

    public QueryFeaturizer Featurizer { get; }

    public SuccessModel Success { get; }

    /// <summary>Profiles in <see cref="SuccessModel.Models"/> order.</summary>
    public IReadOnlyList<ModelProfile> Profiles { get; }

    public SuccessCalibration Calibration { get; }

    public PairStatistics Pairs { get; }

    /// <summary>Names the training task of a query that names none, when its text clearly is one.</summary>
    public TaskRecognizer Tasks { get; }

    /// <summary>The same knowledge with another calibration and other pair statistics.</summary>
    public RoutingKnowledge With(SuccessCalibration calibration, PairStatistics pairs) => new(Featurizer, Success, calibration, Profiles, pairs, Tasks);

    /// <summary>The calibrated success probabilities of the known models on a featurized query of <paramref name="task"/>.</summary>
    public double[] Estimate(SparseVector x, string? task)
    {
        var p = Success.Predict(x);
        Calibration.Apply(p, task);
        return p;
    }

    /// <summary>Whether training knew <paramref name="modelId"/>.</summary>
    public bool Knows(string modelId) => _index.ContainsKey(modelId);

    /// <summary>Success probabilities and estimated costs of the pool's models on <paramref name="query"/>.</summary>
    public PoolAssessment Assess(RoutingQuery query, IReadOnlyList<ModelCard> pool)
    {
        var x = Featurizer.Featurize(query);
        if (query.Task is null && Tasks.Recognize(x) is string task)
        {
            query = query with { Task = task };
            x = Featurizer.WithTask(x, task);
        }

        var known = Estimate(x, query.Task);
        double promptTokens = query.Prompt.Length / 4.0;
        var p = new double[pool.Count];
        var cost = new double[pool.Count];
        var answers = new double[pool.Count];
        var trained = new int[pool.Count];
        var standIns = new int[pool.Count][];
        for (int i = 0; i < pool.Count; i++)
        {
            var card = pool[i];
            double outputTokens;
            if (_index.TryGetValue(card.Id, out int m))
            {
                trained[i] = m;
                standIns[i] = [m];
                p[i] = known[m];
                outputTokens = Profiles[m].OutputTokensFor(query.Task);
                answers[i] = Profiles[m].AnswerRateFor(query.Task);
            }
            else
            {
                trained[i] = -1;
                standIns[i] = Peers(card.Tier);
                (p[i], outputTokens, answers[i]) = Fallback(known, card.Tier, query.Task);
            }

            cost[i] = ((promptTokens * card.InputPerMTok) + (outputTokens * card.OutputPerMTok)) / 1_000_000d;
        }

        return new PoolAssessment(p, cost, answers, Pairs.View(trained, query.Task, standIns));
    }

    /// <summary>The known models standing in for a model of <paramref name="tier"/> training did not know: those of its tier, else all.</summary>
    public int[] Peers(ModelTier tier)
    {
        int[] peers = [.. Enumerable.Range(0, Profiles.Count).Where(m => tier != ModelTier.Unspecified && Profiles[m].Tier == tier)];
        return peers.Length > 0 ? peers : [.. Enumerable.Range(0, Profiles.Count)];
    }

    /// <summary>The tier-mean probability, reply length and answer rate standing in for a model training did not know.</summary>
    public (double P, double OutputTokens, double AnswerRate) Fallback(IReadOnlyList<double> known, ModelTier tier, string? task)
    {
        var peers = Peers(tier);
        return (peers.Average(m => known[m]), peers.Average(m => Profiles[m].OutputTokensFor(task)), peers.Average(m => Profiles[m].AnswerRateFor(task)));
    }
}

/// <summary>
/// Per pool model (in pool order): the estimated success probability, USD cost of a call, and chance its reply states
/// a comparable answer; and the pair rates among the pool.
/// </summary>
internal sealed record PoolAssessment(double[] P, double[] Cost, double[] AnswerRate, PairView Pairs);

using XRouter.Policy.Learning.Policy;
using XRouter.Policy.Learning.Success;
using XRouter.Policy.Reward;

namespace XRouter.Policy.Learning.Environment;

/// <summary>
/// Plays episodes on recorded outcomes: a called model's reply is its recorded one, its cost the recorded cost
/// times the episode's price factor, and the episode ends with the selected reply, rewarded exactly
/// <c>score * (K - min(lambda * cost, cost_max))</c> gated by the success threshold, cost being every call's. A direct
/// answer ends it with the direct-answer model's recorded reply and cost. At most three turns, as in production.
/// </summary>
internal sealed class RoutingEnvironment
{
    private const int MaxTurns = 3;
    private readonly EpisodeSampler _sampler;
    private readonly PairStatistics _pairs;

    public RoutingEnvironment(EpisodeSampler sampler, PairStatistics pairs, double maxPenalty, double successThreshold)
    {
        _sampler = sampler;
        _pairs = pairs;
        MaxPenalty = maxPenalty;
        SuccessThreshold = successThreshold;
    }

    public double MaxPenalty { get; }

    public double SuccessThreshold { get; }

    /// <summary>Plays <paramref name="episode"/>, taking the step <paramref name="choose"/> picks from each decision's candidate features.</summary>
    /// <param name="episode">The episode.</param>
    /// <param name="choose">Picks a candidate index from (features row-major, expected costs, candidate count); may record the step.</param>
    public EpisodeOutcome Play(Episode episode, Func<float[], double[], int, int> choose)
    {
        var sample = episode.Sample;
        int n = episode.Pool.Length;
        var p = new double[n];
        var estimated = new double[n];
        var answerRate = new double[n];
        var trained = new int[n];
        var standIns = new int[n][];
        for (int i = 0; i < n; i++)
        {
            standIns[i] = _sampler.StandInsOf(episode, i);
            answerRate[i] = sample.AnswerRate[episode.Pool[i]];
            trained[i] = episode.Unknown[i] ? -1 : episode.Pool[i];
            p[i] = _sampler.EstimateOf(episode, i);
            estimated[i] = sample.EstimatedCost[episode.Pool[i]] * episode.PriceFactor[i];
        }

        int callable = episode.Callable;
        T[] Tools<T>(T[] slots) => episode.HasDirect ? slots[..callable] : slots;
        string? task = episode.TaskHidden ? null : sample.Task;
        var context = new DecisionContext(Tools(p), Tools(estimated), Tools(answerRate), _pairs.View(Tools(trained), task, Tools(standIns)), episode.Lambda, MaxPenalty)
        {
            DirectP = episode.HasDirect ? p[callable] : double.NaN,
            DirectObservedP = episode.HasDirect ? _pairs.View(trained, task, standIns).ObservedRight(callable) ?? p[callable] : double.NaN,
            DirectCost = episode.HasDirect ? estimated[callable] : 0,
        };
        double cost = 0;
        for (int turn = 1; turn <= MaxTurns; turn++)
        {
            context.MayCall = turn < MaxTurns;
            var candidates = ActionFeatures.Candidates(context);
            var features = new float[candidates.Count * ActionFeatures.Count];
            var expectedCost = new double[candidates.Count];
            ActionFeatures.Write(context, candidates, features, expectedCost);
            var action = candidates[choose(features, expectedCost, candidates.Count)];
            if (action.Kind is ActionKind.Select or ActionKind.AnswerDirectly)
            {
                bool direct = action.Kind == ActionKind.AnswerDirectly;
                int model = direct ? episode.Pool[callable] : episode.Pool[context.Called[action.First]];
                cost += direct ? sample.Cost[model] * episode.PriceFactor[callable] : 0;
                double score = sample.Score[model];
                var reward = new CostShapedReward { Lambda = episode.Lambda, MaxPenalty = MaxPenalty, SuccessThreshold = SuccessThreshold };
                return new EpisodeOutcome(reward.Evaluate(score, cost), score >= SuccessThreshold, cost, context.Called.Count + (direct ? 1 : 0));
            }

            foreach (int i in action.Kind == ActionKind.CallPair ? [action.First, action.Second] : new[] { action.First })
            {
                int model = episode.Pool[i];
                cost += sample.Cost[model] * episode.PriceFactor[i];
                context.Record(i, sample.Answer[model]);
            }
        }

        throw new InvalidOperationException("An episode did not end within three turns.");
    }
}

/// <summary>How an episode ended.</summary>
/// <param name="Reward">The cost-shaped reward.</param>
/// <param name="Success">Whether the selected reply reached the success threshold.</param>
/// <param name="CostUsd">What every call cost.</param>
/// <param name="Calls">How many models were called.</param>
internal readonly record struct EpisodeOutcome(double Reward, bool Success, double CostUsd, int Calls);

using XRouter.Policy.Data;
using XRouter.Policy.Reward;

namespace XRouter.Policy.Evaluation;

/// <summary>
/// Per-model scores and costs over a set of queries (the <c>--train</c> log), from which baselines such as
/// best single, per-task best, cheapest and the cascade choose their models.
/// </summary>
public sealed class PoolStatistics
{
    private readonly Dictionary<string, (double[] Scores, double[] Costs)> _byModel;
    private readonly string[] _tasks;
    private readonly double _successThreshold;

    /// <summary>Collects the statistics of <paramref name="dataset"/>'s queries.</summary>
    /// <param name="dataset">The queries, complete for the pool.</param>
    /// <param name="pricing">Prices the outcomes.</param>
    /// <param name="successThreshold">The score at or above which an answer succeeds, for the reward <see cref="Best"/> ranks by.</param>
    /// <exception cref="EvaluationException">The dataset has no complete query, or a cost is unknown.</exception>
    public PoolStatistics(EvaluationDataset dataset, OutcomePricing pricing, double successThreshold = 1.0)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(pricing);
        if (dataset.Entries.Count == 0)
        {
            throw new EvaluationException("No query of the log has an outcome for every model of the pool.");
        }

        Models = dataset.Models;
        _successThreshold = successThreshold;
        _tasks = [.. dataset.Entries.Select(EvaluationDataset.TaskOf)];
        _byModel = dataset.Models.ToDictionary(
            m => m,
            m => (
                dataset.Entries.Select(e => e.Outcomes[m].Score).ToArray(),
                dataset.Entries.Select(e => pricing.CostOf(e.Id, m, e.Outcomes[m])).ToArray()),
            StringComparer.Ordinal);
    }

    /// <summary>The pool's model ids.</summary>
    public IReadOnlyList<string> Models { get; }

    /// <summary>The mean score of <paramref name="modelId"/>, over one task or all queries.</summary>
    public double MeanScore(string modelId, string? task = null) => Mean(modelId, task, (score, _) => score);

    /// <summary>The mean cost in USD of <paramref name="modelId"/> per query, over one task or all queries.</summary>
    public double MeanCost(string modelId, string? task = null) => Mean(modelId, task, (_, cost) => cost);

    /// <summary>The mean reward of <paramref name="modelId"/> under <paramref name="reward"/>, over one task or all queries.</summary>
    public double MeanReward(string modelId, CostShapedReward reward, string? task = null)
    {
        ArgumentNullException.ThrowIfNull(reward);
        return Mean(modelId, task, reward.Evaluate);
    }

    /// <summary>Whether any query belongs to <paramref name="task"/>.</summary>
    public bool HasTask(string task) => _tasks.Contains(task, StringComparer.Ordinal);

    /// <summary>
    /// The model with the highest mean reward at cost penalty <paramref name="lambda"/> (lambda 0 with success
    /// threshold 0: the most accurate by mean score), ties to the cheaper, over one task or all queries. Scores
    /// below the success threshold earn nothing. The penalty may grow up to the whole reward
    /// (no lower cost_max cap), so the choice moves steadily towards cheaper models as lambda grows; with a cap,
    /// every model would be capped at a high lambda and the most accurate would win again.
    /// </summary>
    public string Best(double lambda, string? task = null)
    {
        var reward = new CostShapedReward { Lambda = lambda, MaxPenalty = 1.0, MaxReward = 1.0, SuccessThreshold = _successThreshold };
        return Models
            .OrderByDescending(m => MeanReward(m, reward, task))
            .ThenBy(m => MeanCost(m, task))
            .First();
    }

    private double Mean(string modelId, string? task, Func<double, double, double> value)
    {
        if (!_byModel.TryGetValue(modelId, out var data))
        {
            throw new EvaluationException($"Model '{modelId}' is not in the evaluated pool ({string.Join(", ", Models)}).");
        }

        double sum = 0;
        int count = 0;
        for (int i = 0; i < _tasks.Length; i++)
        {
            if (task is null || _tasks[i] == task)
            {
                sum += value(data.Scores[i], data.Costs[i]);
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }
}

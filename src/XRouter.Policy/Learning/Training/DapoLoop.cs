using XRouter.Policy.Learning.Environment;
using XRouter.Policy.Learning.Policy;

namespace XRouter.Policy.Learning.Training;

/// <summary>
/// DAPO adapted to a step-scoring policy: G sampled rollouts per query, group-relative advantages
/// (<c>(r - mean) / std</c>), dynamic sampling (a group whose rewards are all equal carries no signal and is replaced
/// by the next query), the clipped surrogate with clip-higher (<c>[1 - eps_low, 1 + eps_high]</c>), every step of
/// every rollout weighted alike (step-level averaging, the analogue of token-level), and no KL term. Single-threaded
/// with one seeded generator, so a seed gives the same weights.
/// </summary>
internal sealed class DapoLoop
{
    private readonly RoutingEnvironment _environment;
    private readonly EpisodeSampler _sampler;
    private readonly RoutingPolicyTrainerOptions _options;

    public DapoLoop(RoutingEnvironment environment, EpisodeSampler sampler, RoutingPolicyTrainerOptions options)
    {
        _environment = environment;
        _sampler = sampler;
        _options = options;
    }

    public float[] Train(IReadOnlyList<RoutingSample> fit, IReadOnlyList<RoutingSample> validation, IProgress<TrainingEpoch>? progress, CancellationToken cancellationToken)
    {
        var weights = InitialWeights();
        var best = (float[])weights.Clone();
        var (bestWithTask, bestWithoutTask) = (ValidationRewards(best, validation, false), ValidationRewards(best, validation, true));
        var adam = new AdamOptimizer(weights.Length, _options.LearningRate);
        var rng = new Random(_options.Seed);
        var order = Enumerable.Range(0, fit.Count).ToArray();
        int stale = 0;
        for (int epoch = 1; epoch <= _options.Epochs && stale < _options.Patience; epoch++)
        {
            rng.Shuffle(order);
            var stats = new EpochStats();
            var batch = new List<Step>();
            int groups = 0;
            foreach (int q in order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!Group(fit[q], weights, rng, batch, stats))
                {
                    stats.Dropped++;
                    continue;
                }

                if (++groups == _options.GroupsPerBatch)
                {
                    Update(weights, batch, adam);
                    batch.Clear();
                    groups = 0;
                }
            }

            if (batch.Count > 0)
            {
                Update(weights, batch, adam);
            }

            // The counted and the modelled features are never filled together, so each block is kept on its own
            // validation: with the queries' tasks (counted) and without them (modelled).
            var withTask = ValidationRewards(weights, validation, false);
            var withoutTask = ValidationRewards(weights, validation, true);
            bool keepCounted = Improves(withTask, bestWithTask);
            bool keepModelled = Improves(withoutTask, bestWithoutTask);
            if (keepCounted || keepModelled)
            {
                var (from, to) = keepCounted && keepModelled ? (0, weights.Length) : keepCounted ? (ActionFeatures.ModelledCount, weights.Length) : (0, ActionFeatures.ModelledCount);
                Array.Copy(weights, from, best, from, to - from);
                (bestWithTask, bestWithoutTask) = (ValidationRewards(best, validation, false), ValidationRewards(best, validation, true));
                stale = 0;
            }
            else
            {
                stale++;
            }

            progress?.Report(new TrainingEpoch(epoch, _options.Epochs, stats.Reward / stats.Rollouts, stats.Successes / (double)stats.Rollouts,
                stats.Cost / stats.Rollouts, stats.Dropped, withTask.Average(), withoutTask.Average(), keepCounted || keepModelled));
        }

        return best;
    }

    /// <summary>
    /// The greedy policy's mean reward on <paramref name="validation"/>, averaged over lambda 0 and a log grid of the
    /// training range; with the queries' tasks, or as requests that name none.
    /// </summary>
    public double Validate(float[] weights, IReadOnlyList<RoutingSample> validation, bool taskHidden = false) =>
        validation.Count == 0 ? 0 : ValidationRewards(weights, validation, taskHidden).Average();

    // Whether the rewards are higher than the best's by more than the noise of a few hundred queries: the mean paired
    // difference must exceed two of its standard errors. Without this, epochs that gained a fraction of a point on the
    // validation queries by chance replaced a better start (3-fold cross-validation on the RouterBench train split).
    internal static bool Improves(double[] rewards, double[] best)
    {
        var difference = rewards.Zip(best, (r, b) => r - b).ToArray();
        double mean = difference.Average();
        double variance = difference.Sum(d => (d - mean) * (d - mean)) / Math.Max(1, difference.Length - 1);
        return mean > 2 * Math.Sqrt(variance / difference.Length);
    }

    // Per validation query, the greedy policy's reward averaged over lambda 0 and a log grid of the training range.
    private double[] ValidationRewards(float[] weights, IReadOnlyList<RoutingSample> validation, bool taskHidden)
    {
        var scorer = new LinearActionScorer(weights);
        var lambdas = ValidationLambdas();
        var rewards = new double[validation.Count];
        for (int q = 0; q < validation.Count; q++)
        {
            foreach (double lambda in lambdas)
            {
                rewards[q] += _environment.Play(EpisodeSampler.Plain(validation[q], lambda, taskHidden), (features, costs, count) => scorer.Best(features, costs, count)).Reward;
            }

            rewards[q] /= lambdas.Count;
        }

        return rewards;
    }

    private List<double> ValidationLambdas()
    {
        const int points = 6;
        double ratio = _sampler.LambdaMax / _sampler.LambdaMin;
        return [0, .. Enumerable.Range(0, points).Select(i => _sampler.LambdaMin * Math.Pow(ratio, i / (double)(points - 1)))];
    }

    // Starts at the cascade the features describe, counted or modelled (call the best value, one model or a pair; select
    // the reply most likely right given the agreement seen, or escalate when that is worth more), so exploration begins
    // from a sensible router instead of uniform noise over dozens of steps.
    internal static float[] InitialWeights()
    {
        var w = new float[ActionFeatures.Count];
        w[IndexOf("one.expected_reward")] = 10;
        w[IndexOf("pair.cascade_reward")] = 10;
        w[IndexOf("more.posterior_reward")] = 10;
        w[IndexOf("select.posterior_kept")] = 10;
        w[IndexOf("one.observed_reward")] = 10;
        w[IndexOf("pair.observed_cascade_reward")] = 10;
        w[IndexOf("more.observed_reward")] = 10;
        w[IndexOf("select.observed_kept")] = 10;
        return w;
    }

    private static int IndexOf(string name) => ActionFeatures.Names.ToList().IndexOf(name);

    private bool Group(RoutingSample sample, float[] weights, Random rng, List<Step> batch, EpochStats stats)
    {
        var episode = _sampler.Draw(sample, rng);
        var scorer = new LinearActionScorer(weights);
        var rollouts = new List<(List<Step> Steps, double Reward)>(_options.GroupSize);
        for (int g = 0; g < _options.GroupSize; g++)
        {
            var steps = new List<Step>();
            var outcome = _environment.Play(episode, (features, _, count) =>
            {
                var probabilities = new double[count];
                scorer.Probabilities(features, count, probabilities);
                int chosen = Sample(probabilities, rng);
                steps.Add(new Step(features, count, chosen, Math.Log(probabilities[chosen]), 0));
                return chosen;
            });
            rollouts.Add((steps, outcome.Reward));
            stats.Add(outcome);
        }

        double mean = rollouts.Average(r => r.Reward);
        double std = Math.Sqrt(rollouts.Average(r => (r.Reward - mean) * (r.Reward - mean)));
        if (std < 1e-9)
        {
            return false;
        }

        foreach (var (steps, reward) in rollouts)
        {
            double advantage = (reward - mean) / std;
            batch.AddRange(steps.Select(s => s with { Advantage = advantage }));
        }

        return true;
    }

    private void Update(float[] weights, List<Step> batch, AdamOptimizer adam)
    {
        int d = ActionFeatures.Count;
        var gradient = new double[d];
        for (int update = 0; update < _options.UpdatesPerBatch; update++)
        {
            Array.Clear(gradient);
            var scorer = new LinearActionScorer(weights);
            foreach (var step in batch)
            {
                var probabilities = new double[step.Count];
                scorer.Probabilities(step.Features, step.Count, probabilities);
                double ratio = Math.Exp(Math.Log(probabilities[step.Chosen]) - step.OldLogProbability);
                bool clipped = step.Advantage > 0 ? ratio > 1 + _options.ClipHigh : ratio < 1 - _options.ClipLow;
                if (clipped)
                {
                    continue;
                }

                // d(ratio * A)/dw = ratio * A * (phi_chosen - sum_j pi_j phi_j).
                double scale = ratio * step.Advantage;
                for (int j = 0; j < step.Count; j++)
                {
                    double coefficient = scale * ((j == step.Chosen ? 1 : 0) - probabilities[j]);
                    if (coefficient == 0)
                    {
                        continue;
                    }

                    for (int k = 0; k < d; k++)
                    {
                        gradient[k] += coefficient * step.Features[(j * d) + k];
                    }
                }
            }

            for (int k = 0; k < d; k++)
            {
                gradient[k] /= batch.Count;
            }

            adam.Ascend(weights, gradient);
        }
    }

    private static int Sample(double[] probabilities, Random rng)
    {
        double u = rng.NextDouble();
        double cumulative = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            cumulative += probabilities[i];
            if (u < cumulative)
            {
                return i;
            }
        }

        return probabilities.Length - 1;
    }

    private sealed record Step(float[] Features, int Count, int Chosen, double OldLogProbability, double Advantage);

    private sealed class EpochStats
    {
        public int Rollouts { get; private set; }

        public int Successes { get; private set; }

        public double Reward { get; private set; }

        public double Cost { get; private set; }

        public int Dropped { get; set; }

        public void Add(EpisodeOutcome outcome)
        {
            Rollouts++;
            Successes += outcome.Success ? 1 : 0;
            Reward += outcome.Reward;
            Cost += outcome.CostUsd;
        }
    }
}

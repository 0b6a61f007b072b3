namespace XRouter.Policy.Learning.Training;

/// <summary>Settings of <see cref="RoutingPolicyTrainer"/>; the defaults are the documented training recipe.</summary>
public sealed record RoutingPolicyTrainerOptions
{
    /// <summary>The seed of every random draw: the same seed and data give the same policy file.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The smallest sampled cost penalty; null: 1% of a reward on the dearest model's mean cost.</summary>
    public double? LambdaMin { get; init; }

    /// <summary>The largest sampled cost penalty; null: a whole reward on the cheapest model's mean cost.</summary>
    public double? LambdaMax { get; init; }

    /// <summary>cost_max of the reward (K is 1). Default 1: a call may cost the whole reward, as the evaluation's fixed-model baselines assume.</summary>
    public double MaxPenalty { get; init; } = 1.0;

    /// <summary>The score at or above which a reply is a success. Default 1.</summary>
    public double SuccessThreshold { get; init; } = 1.0;

    /// <summary>The most passes over the training queries.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Rollouts per query (G).</summary>
    public int GroupSize { get; init; } = 8;

    /// <summary>Queries (groups with unequal rewards) per policy update.</summary>
    public int GroupsPerBatch { get; init; } = 32;

    /// <summary>Gradient steps per batch on the same rollouts (what the clipping guards).</summary>
    public int UpdatesPerBatch { get; init; } = 2;

    /// <summary>The lower clip of the probability ratio (1 - eps_low).</summary>
    public double ClipLow { get; init; } = 0.2;

    /// <summary>The upper clip of the probability ratio (1 + eps_high), higher than the lower one (clip-higher).</summary>
    public double ClipHigh { get; init; } = 0.28;

    /// <summary>Adam's step size.</summary>
    public double LearningRate { get; init; } = 0.02;

    /// <summary>The share of training queries held out for early stopping.</summary>
    public double ValidationShare { get; init; } = 0.15;

    /// <summary>Epochs without a better validation reward before training stops.</summary>
    public int Patience { get; init; } = 6;

    /// <summary>Hashed feature buckets of the query featurizer.</summary>
    public int Buckets { get; init; } = 8192;

    /// <summary>Folds of the cross-fitted success estimates.</summary>
    public int Folds { get; init; } = 5;
}

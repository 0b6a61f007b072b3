namespace XRouter.Policy.Learning.Training;

/// <summary>What one training epoch did.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Epochs">The most epochs training may run.</param>
/// <param name="MeanReward">The mean reward of the sampled rollouts.</param>
/// <param name="Accuracy">The share of sampled rollouts that succeeded.</param>
/// <param name="MeanCostUsd">The mean cost of the sampled rollouts.</param>
/// <param name="DroppedGroups">Groups dropped by dynamic sampling (all rewards equal).</param>
/// <param name="ValidationReward">The greedy policy's mean reward on the validation queries over the lambda grid.</param>
/// <param name="ValidationRewardWithoutTask">The same with the queries' tasks withheld, as for requests that name none.</param>
/// <param name="IsBest">Whether weights of this epoch were kept (for requests with a known task, without, or both).</param>
public sealed record TrainingEpoch(
    int Epoch, int Epochs, double MeanReward, double Accuracy, double MeanCostUsd, int DroppedGroups, double ValidationReward,
    double ValidationRewardWithoutTask, bool IsBest);

using XRouter.Policy.Learning.Policy;
using XRouter.Policy.Learning.Success;

namespace XRouter.Policy.Learning.Format;

/// <summary>Everything a policy file holds: the knowledge, the step scorer, the reward it was trained for, and provenance.</summary>
/// <param name="Knowledge">Featurizer, success model and model profiles.</param>
/// <param name="Scorer">The step scorer's weights.</param>
/// <param name="MaxPenalty">cost_max of the training reward (K is 1).</param>
/// <param name="Training">Free-form provenance (data, seed, lambda range, validation reward), written as strings.</param>
internal sealed record PolicyContent(RoutingKnowledge Knowledge, LinearActionScorer Scorer, double MaxPenalty, IReadOnlyDictionary<string, string> Training);

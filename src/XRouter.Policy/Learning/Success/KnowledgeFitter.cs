using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.Policy.Learning.Answers;
using XRouter.Policy.Learning.Features;

namespace XRouter.Policy.Learning.Success;

/// <summary>
/// Fits the featurizer, the success model and the model profiles on training queries. The calibration and
/// pair statistics need out-of-fold estimates, so the caller that has them fits them (<c>TrainingSet</c>).
/// </summary>
internal static class KnowledgeFitter
{
    public static FittedKnowledge Fit(
        IReadOnlyList<RoutingLogEntry> entries, QueryEmbeddings embeddings, IReadOnlyList<string> models, IReadOnlyList<ModelCard> cards, int buckets, double successThreshold, int seed)
    {
        var featurizer = new QueryFeaturizer(HashedTextFeaturizer.Fit([.. entries.Select(e => e.Prompt)], buckets), embeddings.Dimensions);
        // Each query featurized once, without its task (what the recognizer learns from); the task's indicator is then added.
        var taskless = entries.Select(e => featurizer.Featurize(embeddings.QueryOf(e) with { Task = null })).ToList();
        var x = entries.Select((e, i) => e.Task is string task ? featurizer.WithTask(taskless[i], task) : taskless[i]).ToList();
        var y = entries.Select(e => models.Select(m => e.Outcomes[m].Score >= successThreshold).ToArray()).ToList();
        var success = new SuccessModelTrainer().Fit(models, x, y, featurizer.Dimension, seed);
        var profiles = models.Select((m, i) => Profile(m, cards[i].Tier, entries)).ToList();
        var tasks = TaskRecognizer.Fit(taskless, [.. entries.Select(e => e.Task)], featurizer.Dimension);
        return new FittedKnowledge(
            new RoutingKnowledge(featurizer, success, SuccessCalibration.Identity(models.Count), profiles, PairStatistics.Independent(models.Count), tasks), x, y);
    }

    private static ModelProfile Profile(string model, ModelTier tier, IReadOnlyList<RoutingLogEntry> entries)
    {
        static double Tokens(ModelOutcome o) => o.OutputTokens ?? ((o.Response?.Length ?? 0) / 4.0);
        static double Answered(ModelOutcome o) => ReplyAnswerExtractor.Extract(o.Response ?? string.Empty) is null ? 0 : 1;
        var byTask = entries.Where(e => e.Task is not null).GroupBy(e => e.Task!, StringComparer.Ordinal).ToList();
        return new ModelProfile(
            model,
            tier,
            entries.Average(e => Tokens(e.Outcomes[model])),
            byTask.ToDictionary(g => g.Key, g => g.Average(e => Tokens(e.Outcomes[model])), StringComparer.Ordinal),
            entries.Average(e => Answered(e.Outcomes[model])),
            byTask.ToDictionary(g => g.Key, g => g.Average(e => Answered(e.Outcomes[model])), StringComparer.Ordinal));
    }
}

/// <summary>Fitted knowledge and the training queries' features and success labels [query][model].</summary>
internal sealed record FittedKnowledge(RoutingKnowledge Knowledge, IReadOnlyList<SparseVector> Features, IReadOnlyList<bool[]> Success);

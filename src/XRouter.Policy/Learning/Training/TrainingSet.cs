using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Learning.Answers;
using XRouter.Policy.Learning.Environment;
using XRouter.Policy.Learning.Features;
using XRouter.Policy.Learning.Success;

namespace XRouter.Policy.Learning.Training;

/// <summary>
/// The training queries made ready for episodes: featurized, with cross-fitted success estimates, recorded and
/// estimated costs and parsed answers, split into a fitting part and a validation part; and the knowledge the
/// shipped policy carries (fitted on the fitting part only; its calibration and pair statistics on the cross-fitted estimates).
/// </summary>
internal sealed class TrainingSet
{
    private TrainingSet(RoutingKnowledge knowledge, IReadOnlyList<ModelTier> tiers, IReadOnlyList<RoutingSample> fit, IReadOnlyList<RoutingSample> validation)
    {
        Knowledge = knowledge;
        Tiers = tiers;
        Fit = fit;
        Validation = validation;
    }

    public RoutingKnowledge Knowledge { get; }

    public IReadOnlyList<ModelTier> Tiers { get; }

    public IReadOnlyList<RoutingSample> Fit { get; }

    public IReadOnlyList<RoutingSample> Validation { get; }

    public static TrainingSet Build(EvaluationDataset data, QueryEmbeddings embeddings, EvaluationPool pool, RoutingPolicyTrainerOptions options)
    {
        var models = data.Models;
        var cards = models.Select(m => pool.Cards.First(c => c.Id == m)).ToList();
        var order = Enumerable.Range(0, data.Entries.Count).ToArray();
        new Random(options.Seed).Shuffle(order);
        int validationCount = (int)Math.Round(data.Entries.Count * options.ValidationShare);
        var validationEntries = order.Take(validationCount).Order().Select(i => data.Entries[i]).ToList();
        var fitEntries = order.Skip(validationCount).Order().Select(i => data.Entries[i]).ToList();

        var fitted = KnowledgeFitter.Fit(fitEntries, embeddings, models, cards, options.Buckets, options.SuccessThreshold, options.Seed);
        var knowledge = fitted.Knowledge;
        var fitX = fitted.Features;
        var crossFitted = new SuccessModelTrainer().CrossFit(models, fitX, fitted.Success, knowledge.Featurizer.Dimension, options.Folds, options.Seed);
        var profiles = knowledge.Profiles;

        var tasks = fitEntries.Select(e => e.Task).ToList();
        var calibration = SuccessCalibration.Fit(tasks, crossFitted, fitted.Success);
        for (int i = 0; i < crossFitted.Length; i++)
        {
            calibration.Apply(crossFitted[i], tasks[i]);
        }

        var fit = fitEntries.Select((e, i) => Sample(e, fitX[i], crossFitted[i], models, cards, pool, profiles)).ToList();
        knowledge = knowledge.With(calibration, PairStatistics.Fit(tasks, crossFitted, fitted.Success, [.. fit.Select(f => f.Answer)]));
        var validation = validationEntries.Select(e =>
        {
            var x = knowledge.Featurizer.Featurize(embeddings.QueryOf(e));
            return Sample(e, x, knowledge.Estimate(x, e.Task), models, cards, pool, profiles);
        }).ToList();
        return new TrainingSet(knowledge, [.. cards.Select(c => c.Tier)], fit, validation);
    }

    private static RoutingSample Sample(
        RoutingLogEntry entry, SparseVector x, double[] p, IReadOnlyList<string> models, IReadOnlyList<ModelCard> cards, EvaluationPool pool, IReadOnlyList<ModelProfile> profiles)
    {
        double promptTokens = entry.Prompt.Length / 4.0;
        var estimated = new double[models.Count];
        var cost = new double[models.Count];
        var score = new double[models.Count];
        var answer = new string?[models.Count];
        for (int m = 0; m < models.Count; m++)
        {
            var outcome = entry.Outcomes[models[m]];
            estimated[m] = ((promptTokens * cards[m].InputPerMTok) + (profiles[m].OutputTokensFor(entry.Task) * cards[m].OutputPerMTok)) / 1_000_000d;
            cost[m] = pool.Pricing.CostOf(entry.Id, models[m], outcome);
            score[m] = outcome.Score;
            answer[m] = ReplyAnswerExtractor.Extract(outcome.Response ?? string.Empty);
        }

        return new RoutingSample(entry.Id, entry.Task, x, p, estimated, cost, score, answer, [.. profiles.Select(pr => pr.AnswerRateFor(entry.Task))]);
    }
}

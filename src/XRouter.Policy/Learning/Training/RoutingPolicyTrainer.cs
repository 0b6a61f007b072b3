using System.Globalization;
using Microsoft.Extensions.AI;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Learning.Environment;
using XRouter.Policy.Learning.Features;
using XRouter.Policy.Learning.Format;
using XRouter.Policy.Learning.Policy;

namespace XRouter.Policy.Learning.Training;

/// <summary>
/// Trains a <see cref="LearnedRoutingPolicy"/> on a routing log: fits the query featurizer and the per-model success
/// model (cross-fitted for the training episodes), then the step policy with DAPO on simulated episodes over the
/// recorded outcomes, stopping early on a validation split carved from the log. CPU only, single-threaded, seeded.
/// With an embedding generator, the query features also hold each query's embedding, and the policy then needs the
/// same generator wherever it routes (see <see cref="LearnedRoutingPolicy.EmbeddingDimensions"/>).
/// </summary>
public sealed class RoutingPolicyTrainer
{
    private readonly RoutingPolicyTrainerOptions _options;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddingGenerator;

    /// <summary>Creates the trainer.</summary>
    /// <param name="options">The recipe; null for the defaults.</param>
    /// <param name="embeddingGenerator">Embeds the training queries as features beside the built-in text features; null for text features only.</param>
    public RoutingPolicyTrainer(RoutingPolicyTrainerOptions? options = null, IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null)
    {
        _options = options ?? new RoutingPolicyTrainerOptions();
        _embeddingGenerator = embeddingGenerator;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.GroupSize, 2, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Epochs, 1, nameof(options));
        if (_options.ValidationShare is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.ValidationShare, "ValidationShare must be between 0 and 1.");
        }

        if (_options.ClipHigh < _options.ClipLow)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.ClipHigh, "ClipHigh must be at least ClipLow (clip-higher).");
        }
    }

    /// <summary>Trains a policy.</summary>
    /// <param name="data">The training queries (complete for the pool); never the evaluated ones.</param>
    /// <param name="pool">The training pool: its cards' tiers and prices, and how outcomes are priced.</param>
    /// <param name="source">A description of the data for the file's provenance (for example the log's path).</param>
    /// <param name="progress">Receives each epoch's figures, or null.</param>
    /// <param name="cancellationToken">Stops training.</param>
    /// <exception cref="EvaluationException">The pool has fewer than two models, or too few queries to split.</exception>
    /// <exception cref="InvalidOperationException">The embedding generator returned vectors of different lengths.</exception>
    public async Task<LearnedRoutingPolicy> TrainAsync(
        EvaluationDataset data, EvaluationPool pool, string source, IProgress<TrainingEpoch>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(pool);
        if (data.Models.Count < 2)
        {
            throw new EvaluationException($"Training needs at least two models in the pool; it has {data.Models.Count}.");
        }

        if (data.Entries.Count < 10 * _options.Folds)
        {
            throw new EvaluationException($"Training needs at least {10 * _options.Folds} complete queries; the log has {data.Entries.Count}.");
        }

        var embeddings = _embeddingGenerator is null
            ? QueryEmbeddings.None
            : await QueryEmbeddings.ComputeAsync(_embeddingGenerator, data.Entries, cancellationToken).ConfigureAwait(false);
        var set = TrainingSet.Build(data, embeddings, pool, _options);
        var stats = new PoolStatistics(data, pool.Pricing);
        var costs = data.Models.Select(m => stats.MeanCost(m)).Where(c => c > 0).ToList();
        double lambdaMin = _options.LambdaMin ?? 0.01 / costs.Max();
        double lambdaMax = _options.LambdaMax ?? 1.0 / costs.Min();
        if (!(lambdaMin > 0 && lambdaMax > lambdaMin))
        {
            throw new ArgumentException($"The lambda range must satisfy 0 < min < max; got {lambdaMin}:{lambdaMax}.");
        }

        var sampler = new EpisodeSampler(set.Tiers, lambdaMin, lambdaMax);
        var environment = new RoutingEnvironment(sampler, set.Knowledge.Pairs, _options.MaxPenalty, _options.SuccessThreshold);
        var loop = new DapoLoop(environment, sampler, _options);
        var weights = loop.Train(set.Fit, set.Validation, progress, cancellationToken);
        var training = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["data"] = source,
            ["queries"] = Invariant(data.Entries.Count),
            ["validation_queries"] = Invariant(set.Validation.Count),
            ["seed"] = Invariant(_options.Seed),
            ["lambda_range"] = Invariant(lambdaMin) + ":" + Invariant(lambdaMax),
            ["success_threshold"] = Invariant(_options.SuccessThreshold),
            ["embeddings"] = embeddings.Dimensions == 0 ? "none" : Invariant(embeddings.Dimensions) + " dimensions" + EmbeddingModel(),
            ["validation_reward"] = Invariant(loop.Validate(weights, set.Validation)),
            ["validation_reward_without_task"] = Invariant(loop.Validate(weights, set.Validation, taskHidden: true)),
            ["recipe"] = $"DAPO G={_options.GroupSize} groups/batch={_options.GroupsPerBatch} clip=[{Invariant(1 - _options.ClipLow)},{Invariant(1 + _options.ClipHigh)}] lr={Invariant(_options.LearningRate)}",
        };
        return new LearnedRoutingPolicy(new PolicyContent(set.Knowledge, new LinearActionScorer(weights), _options.MaxPenalty, training), "learned");
    }

    private string EmbeddingModel() =>
        _embeddingGenerator?.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId is string id ? " from " + id : string.Empty;

    private static string Invariant(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}

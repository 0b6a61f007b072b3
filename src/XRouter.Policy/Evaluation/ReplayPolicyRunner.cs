using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using XRouter.Policy.Data;
using XRouter.Policy.Learning;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Evaluation;

/// <summary>
/// The fast path: runs a policy's steps against a query's recorded outcomes, without any chat client. A called
/// model's reply is its recorded response and its cost the recorded (or catalog-priced) cost; the answer is
/// scored by the selected model's recorded score.
/// </summary>
public sealed class ReplayPolicyRunner : IPolicyRunner
{
    /// <summary>The most router turns a query may take, as in xRouter.</summary>
    public const int MaxTurns = 3;

    private readonly EvaluationPool _pool;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddingGenerator;

    // A sweep runs every query once per lambda: each prompt is embedded once.
    private readonly ConcurrentDictionary<string, Task<ReadOnlyMemory<float>>> _embeddings = new(StringComparer.Ordinal);

    /// <summary>Creates the runner.</summary>
    /// <param name="pool">The models policies may call and how their outcomes are priced.</param>
    /// <param name="embeddingGenerator">Embeds the queries for learned policies trained with embeddings; null when none is evaluated.</param>
    public ReplayPolicyRunner(EvaluationPool pool, IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        _pool = pool;
        _embeddingGenerator = embeddingGenerator;
    }

    /// <inheritdoc/>
    public async ValueTask<QueryResult> RunAsync(RoutingLogEntry entry, IRoutingPolicy policy, double costPenalty, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(policy);
        cancellationToken.ThrowIfCancellationRequested();
        var query = new RoutingQuery(entry.Id, entry.Prompt, entry.Task);
        if (_embeddingGenerator is not null && policy is LearnedRoutingPolicy { EmbeddingDimensions: > 0 })
        {
            query = query with { Embedding = await _embeddings.GetOrAdd(entry.Prompt, EmbedAsync).ConfigureAwait(false) };
        }

        return Run(entry, query, policy, costPenalty);
    }

    private async Task<ReadOnlyMemory<float>> EmbedAsync(string prompt) =>
        await _embeddingGenerator!.GenerateVectorAsync(prompt).ConfigureAwait(false);

    private QueryResult Run(RoutingLogEntry entry, RoutingQuery query, IRoutingPolicy policy, double costPenalty)
    {
        var replies = new List<ModelReply>();
        var called = new List<string>();
        double cost = 0;
        double? latency = 0;
        ModelOutcome Call(string model)
        {
            var outcome = OutcomeOf(entry, policy, model);
            cost += _pool.Pricing.CostOf(entry.Id, model, outcome);
            called.Add(model);
            replies.Add(new ModelReply(model, outcome.Response ?? string.Empty));
            return outcome;
        }

        for (int turn = 1; turn <= MaxTurns; turn++)
        {
            var step = policy.Decide(new RoutingState(query, _pool.Cards, replies, turn, costPenalty, _pool.DirectAnswerModel));
            switch (step)
            {
                case RoutingStep.CallModels call when call.ModelIds.Count > 0:
                    latency += TurnLatency(entry, call.ModelIds);
                    foreach (string model in call.ModelIds)
                    {
                        Call(model);
                    }

                    break;
                case RoutingStep.Route route:
                    latency += TurnLatency(entry, [route.ModelId]);
                    var routed = Call(route.ModelId);
                    return Result(entry, policy, costPenalty, routed.Score, cost, called, route.ModelId,
                        RecordedOutcomeScoring.Decision(called, selected: true), latency);
                case RoutingStep.SelectReply select:
                    if (!called.Contains(select.ModelId, StringComparer.Ordinal))
                    {
                        throw new EvaluationException($"Policy '{policy.Name}' selected the reply of '{select.ModelId}' on query '{entry.Id}' without calling it.");
                    }

                    return Result(entry, policy, costPenalty, entry.Outcomes[select.ModelId].Score, cost, called, select.ModelId,
                        RecordedOutcomeScoring.Decision(called, selected: true), latency);
                case RoutingStep.AnswerDirectly when _pool.DirectAnswerModel is { } direct && called.Count == 0:
                    var written = entry.Outcomes.TryGetValue(direct.Id, out var own)
                        ? own
                        : throw new EvaluationException($"Query '{entry.Id}' records no outcome of the direct-answer model '{direct.Id}'.");
                    latency += TurnLatency(entry, [direct.Id]);
                    cost += _pool.Pricing.CostOf(entry.Id, direct.Id, written);
                    return Result(entry, policy, costPenalty, written.Score, cost, called, direct.Id, DecisionKind.Direct, latency);
                case RoutingStep.Answer answer:
                    return Result(entry, policy, costPenalty, RecordedOutcomeScoring.ScoreOfAnswer(entry, policy.Name, answer.Text), cost, called, null,
                        RecordedOutcomeScoring.Decision(called, selected: false), latency);
                default:
                    throw new EvaluationException($"Policy '{policy.Name}' took an empty or unknown step on query '{entry.Id}'.");
            }
        }

        throw new EvaluationException($"Policy '{policy.Name}' did not end query '{entry.Id}' within {MaxTurns} turns.");
    }

    private ModelOutcome OutcomeOf(RoutingLogEntry entry, IRoutingPolicy policy, string model) =>
        _pool.Cards.Any(c => c.Id == model) && entry.Outcomes.TryGetValue(model, out var outcome)
            ? outcome
            : throw new EvaluationException($"Policy '{policy.Name}' called '{model}' on query '{entry.Id}', which is not a model of the evaluated pool.");

    // Models called in one turn answer in parallel: the turn takes as long as the slowest; unknown if any is unrecorded.
    private static double? TurnLatency(RoutingLogEntry entry, IReadOnlyList<string> models) =>
        models.Select(m => entry.Outcomes.TryGetValue(m, out var o) ? o.LatencyMs : null).Aggregate((double?)0, (max, l) => l is double v && max is double m ? Math.Max(m, v) : null);

    private static QueryResult Result(
        RoutingLogEntry entry, IRoutingPolicy policy, double lambda, double score, double cost, List<string> called, string? final, DecisionKind kind, double? latency) =>
        new(entry.Id, entry.Task, policy.Name, lambda, score, cost, called, final, kind, latency);
}

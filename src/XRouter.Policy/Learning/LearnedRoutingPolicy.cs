using System.Runtime.CompilerServices;
using XRouter.Policy.Catalog;
using XRouter.Policy.Learning.Answers;
using XRouter.Policy.Learning.Format;
using XRouter.Policy.Learning.Policy;
using XRouter.Policy.Learning.Success;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Learning;

/// <summary>
/// The learned cost-aware router: per request it calls one model or two together, may call one more after reading
/// their replies, and selects a reply (or, when the request designates a direct-answer model, answers with it
/// directly), choosing each step by a policy trained with <c>xrouter train</c> on recorded outcomes. Lambda, the
/// allowed models and their prices are read from the request at every decision, so one policy file serves every cost
/// penalty and a catalog price change moves its decisions without retraining.
/// </summary>
public sealed class LearnedRoutingPolicy : IRoutingPolicy
{
    /// <summary>The name of the policy file shipped in the assembly (trained on the RouterBench slice).</summary>
    public const string DefaultPolicyResource = "XRouter.Policy.Learning.default-policy.json";

    private const int MaxTurns = 3;

    private readonly PolicyContent _content;
    private readonly ConditionalWeakTable<RoutingQuery, Assessed> _assessed = [];

    internal LearnedRoutingPolicy(PolicyContent content, string name)
    {
        _content = content;
        Name = name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The models the policy was trained on (others are judged by their catalog tier and prices).</summary>
    public IReadOnlyList<string> TrainedModels => _content.Knowledge.Success.Models;

    /// <summary>
    /// The length of the query embeddings the policy reads (<see cref="RoutingQuery.Embedding"/>), or 0 when it reads
    /// the built-in text features only. A policy trained with an embedding generator needs the same generator where it
    /// routes: give it to <see cref="RoutingPolicyChatClient"/>.
    /// </summary>
    public int EmbeddingDimensions => _content.Knowledge.Featurizer.EmbeddingDimensions;

    /// <summary>Provenance recorded at training: data, seed, lambda range, validation figures.</summary>
    public IReadOnlyDictionary<string, string> TrainingInfo => _content.Training;

    internal PolicyContent Content => _content;

    /// <summary>Loads a policy file written by <c>xrouter train</c>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="name">The policy's report name; default <c>learned:</c> and the file name without extension.</param>
    /// <exception cref="PolicyFileException">The file is missing, not a policy file, of another format version or damaged.</exception>
    public static LearnedRoutingPolicy Load(string path, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new PolicyFileException($"Policy file '{path}' does not exist.");
        }

        using var stream = File.OpenRead(path);
        return new LearnedRoutingPolicy(PolicyFile.Read(stream, path), name ?? "learned:" + Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Loads a policy from a stream.</summary>
    /// <param name="stream">The policy file's bytes.</param>
    /// <param name="name">The policy's report name.</param>
    /// <exception cref="PolicyFileException">The content is not a policy file of this version.</exception>
    public static LearnedRoutingPolicy Load(Stream stream, string name = "learned")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new LearnedRoutingPolicy(PolicyFile.Read(stream, name), name);
    }

    /// <summary>The default policy shipped in the assembly, trained on the RouterBench slice (docs/LEARNED-ROUTER.md).</summary>
    public static LearnedRoutingPolicy LoadDefault()
    {
        using var stream = typeof(LearnedRoutingPolicy).Assembly.GetManifestResourceStream(DefaultPolicyResource)
            ?? throw new PolicyFileException($"The assembly has no '{DefaultPolicyResource}' resource.");
        return Load(stream, "learned");
    }

    /// <summary>Writes the policy file.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.Create(path);
        PolicyFile.Write(_content, stream);
    }

    /// <inheritdoc/>
    public RoutingStep Decide(RoutingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Pool.Count == 0 && state.DirectAnswerModel is null)
        {
            throw new ArgumentException("The request allows no model to call and designates no direct-answer model.", nameof(state));
        }

        var context = Context(state);
        var action = Best(context);
        return action.Kind switch
        {
            ActionKind.CallOne or ActionKind.CallMore when SelectsWhateverItSays(context, action.First, state.Turn) => new RoutingStep.Route(state.Pool[action.First].Id),
            ActionKind.CallOne or ActionKind.CallMore => new RoutingStep.CallModels([state.Pool[action.First].Id]),
            ActionKind.CallPair => new RoutingStep.CallModels([state.Pool[action.First].Id, state.Pool[action.Second].Id]),
            ActionKind.AnswerDirectly => new RoutingStep.AnswerDirectly(),
            _ => new RoutingStep.SelectReply(state.Pool[context.Called[action.First]].Id),
        };
    }

    private CandidateAction Best(DecisionContext context)
    {
        var candidates = ActionFeatures.Candidates(context);
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException("No step is possible: nothing was called and no model may be called.");
        }

        var features = candidates.Count * ActionFeatures.Count <= 4096
            ? stackalloc float[candidates.Count * ActionFeatures.Count]
            : new float[candidates.Count * ActionFeatures.Count];
        Span<double> expectedCost = candidates.Count <= 512 ? stackalloc double[candidates.Count] : new double[candidates.Count];
        ActionFeatures.Write(context, candidates, features, expectedCost);
        return candidates[_content.Scorer.Best(features, expectedCost, candidates.Count)];
    }

    // The next step sees a reply only through the answer parsed from it. When every answer it could state (none, one
    // of those already in, a new one) leads to selecting it, the call is a route step, so its reply can stream.
    private bool SelectsWhateverItSays(DecisionContext context, int model, int turn)
    {
        bool mayCall = context.MayCall;
        try
        {
            foreach (string? answer in PossibleAnswers(context.Answers))
            {
                context.Record(model, answer);
                context.MayCall = turn + 1 < MaxTurns && context.Called.Count < context.PoolSize;
                var next = Best(context);
                context.Unrecord();
                if (next.Kind != ActionKind.Select || next.First != context.Called.Count)
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            context.MayCall = mayCall;
        }
    }

    // Listed before the lookahead records into the answers.
    private static List<string?> PossibleAnswers(List<string?> answers)
    {
        string fresh = "\u0001";
        while (answers.Contains(fresh))
        {
            fresh += "\u0001";
        }

        return [null, .. answers.OfType<string>().Distinct(StringComparer.Ordinal), fresh];
    }

    private DecisionContext Context(RoutingState state)
    {
        var assessed = _assessed.TryGetValue(state.Query, out var cached) && ReferenceEquals(cached.Pool, state.Pool) && ReferenceEquals(cached.Direct, state.DirectAnswerModel)
            ? cached
            : Assess(state.Query, state.Pool, state.DirectAnswerModel);
        var a = assessed.Assessment;
        var context = new DecisionContext(a.P, a.Cost, a.AnswerRate, a.Pairs, state.CostPenalty, _content.MaxPenalty)
        {
            DirectP = assessed.DirectP,
            DirectObservedP = assessed.DirectObservedP,
            DirectCost = assessed.DirectCost,
        };
        foreach (var reply in state.Replies)
        {
            int index = IndexOf(state.Pool, reply.ModelId);
            if (index >= 0 && !context.Called.Contains(index))
            {
                context.Record(index, ReplyAnswerExtractor.Extract(reply.Text));
            }
        }

        context.MayCall = state.Turn < MaxTurns && context.Called.Count < state.Pool.Count;
        return context;
    }

    private Assessed Assess(RoutingQuery query, IReadOnlyList<ModelCard> pool, ModelCard? direct)
    {
        Assessed assessed;
        if (direct is null)
        {
            assessed = new Assessed(pool, null, _content.Knowledge.Assess(query, pool), double.NaN, double.NaN, 0);
        }
        else
        {
            // The direct-answer model is estimated with the pool (one featurization) and then set apart from the tools.
            int n = pool.Count;
            var all = _content.Knowledge.Assess(query, [.. pool, direct]);
            assessed = new Assessed(
                pool, direct, all with { P = all.P[..n], Cost = all.Cost[..n], AnswerRate = all.AnswerRate[..n] }, all.P[n], all.Pairs.ObservedRight(n) ?? all.P[n], all.Cost[n]);
        }

        _assessed.AddOrUpdate(query, assessed);
        return assessed;
    }

    private static int IndexOf(IReadOnlyList<ModelCard> pool, string id)
    {
        for (int i = 0; i < pool.Count; i++)
        {
            if (pool[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    private sealed record Assessed(IReadOnlyList<ModelCard> Pool, ModelCard? Direct, PoolAssessment Assessment, double DirectP, double DirectObservedP, double DirectCost);
}

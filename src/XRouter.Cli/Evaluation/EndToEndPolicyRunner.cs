using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Replay;
using XRouter.Policy.Routing;
using XRouter.SemanticKernel.Services;
using XRouter.SemanticKernel.Settings;

namespace XRouter.Cli.Evaluation;

/// <summary>
/// The end-to-end evaluation path: each query goes through the real XRouter chat service and SK's
/// function-calling loop, the policy driving it as the router backbone and replay clients answering as the
/// downstream models. Its results must equal the fast path's (<see cref="ReplayPolicyRunner"/>) for the same
/// policy, which checks the whole orchestration against the replayed decisions. A designated direct-answer model
/// (<see cref="EvaluationPool.DirectAnswerModel"/>) is the router model: its replayed answers are the router's own,
/// priced at their recorded cost.
/// </summary>
public sealed class EndToEndPolicyRunner : IPolicyRunner, IDisposable
{
    /// <summary>The catalog id of the router: an in-process policy, which uses no tokens and so costs nothing.</summary>
    public const string PolicyRouterId = "xrouter-routing-policy";

    private readonly ModelCatalog _catalog;
    private readonly IReadOnlyList<string> _tools;
    private readonly ModelCard? _directAnswerModel;
    private readonly ReplayFleet _fleet;
    private readonly Dictionary<string, RoutingQuery> _queriesByPrompt;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddingGenerator;
    private readonly ConcurrentDictionary<IRoutingPolicy, Lazy<Kernel>> _kernels = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the runner.</summary>
    /// <param name="pool">The evaluated pool: its cards price the loop, its pricing prices the recorded outcomes.</param>
    /// <param name="log">The queries that will be run, with their recorded outcomes.</param>
    /// <param name="embeddingGenerator">Embeds the queries for learned policies trained with embeddings, as in production.</param>
    public EndToEndPolicyRunner(EvaluationPool pool, IEnumerable<RoutingLogEntry> log, IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(log);
        var entries = log.ToList();
        _embeddingGenerator = embeddingGenerator;
        _directAnswerModel = pool.DirectAnswerModel;
        _tools = [.. pool.Cards.Select(c => c.Id)];
        _catalog = new ModelCatalog([
            _directAnswerModel ?? new ModelCard { Id = PolicyRouterId, InputPerMTok = 0, OutputPerMTok = 0, Description = "An in-process routing policy; it uses no tokens." },
            .. pool.Cards,
        ]);

        // Replay the cost the fast path charges for each outcome, so both paths price calls identically.
        var pooled = _catalog.Models.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        _fleet = new ReplayFleet(entries.Select(entry => entry with
        {
            Outcomes = entry.Outcomes
                .Where(o => pooled.Contains(o.Key))
                .ToDictionary(o => o.Key, o => o.Value with { CostUsd = pool.Pricing.CostOf(entry.Id, o.Key, o.Value) }, StringComparer.Ordinal),
        }));
        _queriesByPrompt = entries
            .GroupBy(e => e.Prompt, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new RoutingQuery(g.First().Id, g.Key, g.First().Task), StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async ValueTask<QueryResult> RunAsync(RoutingLogEntry entry, IRoutingPolicy policy, double costPenalty, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(policy);
        var kernel = _kernels.GetOrAdd(policy, p => new Lazy<Kernel>(() => BuildKernel(p))).Value;
        var history = new ChatHistory();
        history.AddUserMessage(entry.Prompt);
        var settings = new XRouterPromptExecutionSettings { CostPenalty = costPenalty, MaxTurns = ReplayPolicyRunner.MaxTurns };
        var reply = await kernel.GetRequiredService<IChatCompletionService>()
            .GetChatMessageContentAsync(history, settings, kernel, cancellationToken)
            .ConfigureAwait(false);

        var metadata = reply.Metadata!;
        var called = ((IEnumerable<IReadOnlyDictionary<string, object?>>)metadata[XRouterChatCompletionService.CallsKey]!)
            .Where(c => (string)c["kind"]! == "downstream")
            .Select(c => (string)c["model"]!)
            .ToList();
        string? selected = (string?)metadata["xrouter.selected_model"];
        bool direct = _directAnswerModel is not null && called.Count == 0 && (string?)metadata[XRouterChatCompletionService.ModeKey] == "direct";
        string? final = direct ? _directAnswerModel!.Id : selected;
        double score = final is not null
            ? entry.Outcomes[final].Score
            : RecordedOutcomeScoring.ScoreOfAnswer(entry, policy.Name, reply.Content ?? string.Empty);
        return new QueryResult(
            entry.Id,
            entry.Task,
            policy.Name,
            costPenalty,
            score,
            (double)metadata[XRouterChatCompletionService.CostKey]!,
            called,
            final,
            direct ? DecisionKind.Direct : RecordedOutcomeScoring.Decision(called, selected is not null));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var kernel in _kernels.Values.Where(k => k.IsValueCreated))
        {
            (kernel.Value.Services as IDisposable)?.Dispose();
        }
    }

    private Kernel BuildKernel(IRoutingPolicy policy)
    {
        var builder = Kernel.CreateBuilder();
        var clients = _fleet.CreateClients();
        foreach (var (model, client) in clients)
        {
            builder.Services.AddKeyedSingleton(model, client);
        }

        builder.AddXRouter(
            options =>
            {
                options.Catalog = _catalog;
                options.RouterModelId = _directAnswerModel?.Id ?? PolicyRouterId;
                options.MaxTurns = ReplayPolicyRunner.MaxTurns;
                foreach (string model in _tools)
                {
                    options.Pool.Add(model);
                }
            },
            _ => new RoutingPolicyChatClient(
                policy,
                _catalog,
                ResolveQuery,
                embeddingGenerator: _embeddingGenerator,
                directAnswerModelId: _directAnswerModel?.Id,
                directAnswerClient: _directAnswerModel is null ? null : clients[_directAnswerModel.Id]));
        return builder.Build();
    }

    private RoutingQuery ResolveQuery(string prompt) =>
        _queriesByPrompt.TryGetValue(prompt, out var query)
            ? query
            : throw new EvaluationException("The router was asked to route a prompt that is not in the evaluated log.");
}

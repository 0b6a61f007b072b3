using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using XRouter.Policy.Catalog;

namespace XRouter.Policy.Routing;

/// <summary>
/// Runs an <see cref="IRoutingPolicy"/> as a router backbone: each turn it reads the query, the advertised
/// model tools and the replies so far from the conversation, asks the policy for its step, and answers with
/// the same tool calls an LLM router would emit (<c>call_&lt;model&gt;</c>, <c>select_response</c>, both in one turn for a
/// <see cref="RoutingStep.Route"/>) or text.
/// A policy is not a language model, so its generations use no tokens.
/// </summary>
public sealed class RoutingPolicyChatClient : IChatClient
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key that carries the request's cost penalty (lambda).</summary>
    public const string CostPenaltyProperty = "xrouter.cost_penalty";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key that carries the application's own system message, under which a direct answer is written.</summary>
    public const string SystemMessageProperty = "xrouter.system_message";

    private readonly IRoutingPolicy _policy;
    private readonly ModelCatalog _catalog;
    private readonly Func<string, RoutingQuery> _resolveQuery;
    private readonly string? _systemPrompt;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddingGenerator;
    private readonly (string Tool, string ModelId)[] _catalogTools;
    private readonly ModelCard? _directAnswerModel;
    private readonly IChatClient? _directAnswerClient;
    private int _nextCallId;

    /// <summary>Creates the backbone.</summary>
    /// <param name="policy">The policy that decides each step.</param>
    /// <param name="catalog">The catalog that maps tool names to priced models.</param>
    /// <param name="resolveQuery">Maps the user's query text to its routing query (id and task), for policies that need them; by default the text alone.</param>
    /// <param name="systemPrompt">The system prompt written for every model called; when null the policy writes none, and the runtime sends the application's own system message.</param>
    /// <param name="embeddingGenerator">Embeds each query for a policy trained with embeddings (see <c>LearnedRoutingPolicy.EmbeddingDimensions</c>), once per turn; compose it with a cache to embed each query once.</param>
    /// <param name="directAnswerModelId">
    /// The catalog id of the model that writes the router's direct answers (<see cref="RoutingStep.AnswerDirectly"/>),
    /// with <paramref name="directAnswerClient"/>; null when the policy may not answer directly. Its tokens are the
    /// router's, so XRouter prices them at <c>XRouter:RouterModelId</c>: make that the same model.
    /// </param>
    /// <param name="directAnswerClient">The client of <paramref name="directAnswerModelId"/>.</param>
    /// <exception cref="ArgumentException">Only one of the direct-answer model and its client is given.</exception>
    /// <exception cref="CatalogException">The direct-answer model is not in the catalog, so its answers could not be priced.</exception>
    public RoutingPolicyChatClient(
        IRoutingPolicy policy,
        ModelCatalog catalog,
        Func<string, RoutingQuery>? resolveQuery = null,
        string? systemPrompt = null,
        IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null,
        string? directAnswerModelId = null,
        IChatClient? directAnswerClient = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(catalog);
        if ((directAnswerModelId is null) != (directAnswerClient is null))
        {
            throw new ArgumentException("A direct-answer model needs both its catalog id and its client.", directAnswerModelId is null ? nameof(directAnswerModelId) : nameof(directAnswerClient));
        }

        _directAnswerModel = directAnswerModelId is null ? null : catalog.Get(directAnswerModelId);
        _directAnswerClient = directAnswerClient;
        _policy = policy;
        _catalog = catalog;
        _resolveQuery = resolveQuery ?? (prompt => new RoutingQuery(prompt, prompt));
        _systemPrompt = systemPrompt;
        _embeddingGenerator = embeddingGenerator;
        _catalogTools = [.. catalog.Models.Select(card => (ModelToolNames.ForModel(card.Id), card.Id))];
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var (step, toolToModel) = await DecideAsync(list, options, cancellationToken).ConfigureAwait(false);
        return step is RoutingStep.AnswerDirectly
            ? await _directAnswerClient!.GetResponseAsync(DirectMessages(list, options), DirectOptions(options), cancellationToken).ConfigureAwait(false)
            : Respond(step, toolToModel);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var (step, toolToModel) = await DecideAsync(list, options, cancellationToken).ConfigureAwait(false);
        var updates = step is RoutingStep.AnswerDirectly
            ? _directAnswerClient!.GetStreamingResponseAsync(DirectMessages(list, options), DirectOptions(options), cancellationToken)
            : Respond(step, toolToModel).ToChatResponseUpdates().ToAsyncEnumerable();
        await foreach (var update in updates.ConfigureAwait(false))
        {
            yield return update;
        }
    }

    private async Task<(RoutingStep Step, Dictionary<string, string> ToolToModel)> DecideAsync(IList<ChatMessage> list, ChatOptions? options, CancellationToken cancellationToken)
    {
        var toolToModel = AdvertisedModels(options);
        var query = _resolveQuery(LastUserText(list));
        if (_embeddingGenerator is not null && query.Embedding.IsEmpty)
        {
            query = query with { Embedding = await _embeddingGenerator.GenerateVectorAsync(query.Prompt, cancellationToken: cancellationToken).ConfigureAwait(false) };
        }

        var state = new RoutingState(
            query,
            [.. toolToModel.Values.Select(_catalog.Get)],
            Replies(list, toolToModel),
            Turn(list),
            CostPenalty(options),
            _directAnswerModel);
        var step = _policy.Decide(state);
        return step is RoutingStep.AnswerDirectly && (_directAnswerClient is null || state.Replies.Count > 0)
            ? throw new InvalidOperationException(_directAnswerClient is null
                ? $"Policy '{_policy.Name}' answered directly, but no direct-answer model is configured."
                : $"Policy '{_policy.Name}' answered directly after calling models; a direct answer comes before any call.")
            : (step, toolToModel);
    }

    private ChatResponse Respond(RoutingStep step, Dictionary<string, string> toolToModel)
    {
        var message = step switch
        {
            RoutingStep.CallModels call => new ChatMessage(ChatRole.Assistant, [.. call.ModelIds.Select(id => CallModel(id, toolToModel))]),
            RoutingStep.Route route => new ChatMessage(ChatRole.Assistant, [CallModel(route.ModelId, toolToModel), Select(route.ModelId, toolToModel)]),
            RoutingStep.SelectReply select => new ChatMessage(ChatRole.Assistant, [Select(select.ModelId, toolToModel)]),
            RoutingStep.Answer answer => new ChatMessage(ChatRole.Assistant, answer.Text),
            var other => throw new InvalidOperationException($"Unknown routing step {other.GetType().Name}."),
        };
        return new ChatResponse(message)
        {
            ModelId = _policy.Name,
            Usage = new UsageDetails { InputTokenCount = 0, OutputTokenCount = 0, TotalTokenCount = 0 },
        };
    }

    // The direct answerer sees the conversation, not the router's prompt and tools: under the policy's system prompt,
    // else the application's own system message.
    private List<ChatMessage> DirectMessages(IList<ChatMessage> messages, ChatOptions? options)
    {
        string? system = _systemPrompt
            ?? (options?.AdditionalProperties?.TryGetValue(SystemMessageProperty, out object? value) == true ? value?.ToString() : null);
        return
        [
            .. string.IsNullOrWhiteSpace(system) ? [] : new[] { new ChatMessage(ChatRole.System, system) },
            .. messages.Where(m => m.Role == ChatRole.User || (m.Role == ChatRole.Assistant && !m.Contents.Any(c => c is FunctionCallContent))),
        ];
    }

    // The caller's sampling settings and token cap, without the router's tools and XRouter's own properties.
    private static ChatOptions? DirectOptions(ChatOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        var direct = options.Clone();
        direct.Tools = null;
        direct.ToolMode = null;
        direct.AdditionalProperties = null;
        return direct;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private FunctionCallContent CallModel(string modelId, Dictionary<string, string> toolToModel) => Call(
        ToolFor(modelId, toolToModel),
        _systemPrompt is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { [ModelToolNames.SystemPromptArgument] = _systemPrompt });

    private FunctionCallContent Select(string modelId, Dictionary<string, string> toolToModel) => Call(
        ModelToolNames.SelectResponse,
        new Dictionary<string, object?> { [ModelToolNames.ModelCallNameArgument] = ToolFor(modelId, toolToModel) });

    private FunctionCallContent Call(string name, IDictionary<string, object?> arguments) =>
        new($"policy_{Interlocked.Increment(ref _nextCallId).ToString(CultureInfo.InvariantCulture)}", name, arguments);

    private Dictionary<string, string> AdvertisedModels(ChatOptions? options)
    {
        var advertised = options?.Tools?.Select(t => t.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        return _catalogTools
            .Where(p => advertised.Contains(p.Tool))
            .ToDictionary(p => p.Tool, p => p.ModelId, StringComparer.Ordinal);
    }

    private string ToolFor(string modelId, Dictionary<string, string> toolToModel)
    {
        string tool = ModelToolNames.ForModel(modelId);
        return toolToModel.ContainsKey(tool)
            ? tool
            : throw new InvalidOperationException($"Policy '{_policy.Name}' chose model '{modelId}', which is not offered to the router this request.");
    }

    private static string LastUserText(IList<ChatMessage> messages) =>
        messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text
        ?? throw new ArgumentException("The conversation has no user message to route.", nameof(messages));

    private static List<ModelReply> Replies(IList<ChatMessage> messages, Dictionary<string, string> toolToModel)
    {
        var toolByCallId = messages
            .SelectMany(m => m.Contents.OfType<FunctionCallContent>())
            .ToDictionary(c => c.CallId, c => c.Name, StringComparer.Ordinal);
        return [.. messages
            .SelectMany(m => m.Contents.OfType<FunctionResultContent>())
            .Where(r => toolByCallId.TryGetValue(r.CallId, out string? tool) && toolToModel.ContainsKey(tool))
            .Select(r => new ModelReply(toolToModel[toolByCallId[r.CallId]], ResultText(r.Result)))];
    }

    private static string ResultText(object? result) => result switch
    {
        null => string.Empty,
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!,
        _ => result.ToString() ?? string.Empty,
    };

    private static int Turn(IList<ChatMessage> messages)
    {
        int lastUser = -1;
        for (int i = 0; i < messages.Count; i++)
        {
            if (messages[i].Role == ChatRole.User)
            {
                lastUser = i;
            }
        }

        return 1 + messages.Skip(lastUser + 1).Count(m => m.Role == ChatRole.Assistant && m.Contents.Any(c => c is FunctionCallContent));
    }

    private static double CostPenalty(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(CostPenaltyProperty, out object? value) == true
            ? Convert.ToDouble(value is JsonElement e ? e.GetDouble() : value, CultureInfo.InvariantCulture)
            : 1.0;
}

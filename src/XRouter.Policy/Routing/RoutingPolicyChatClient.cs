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

    private readonly IRoutingPolicy _policy;
    private readonly ModelCatalog _catalog;
    private readonly Func<string, RoutingQuery> _resolveQuery;
    private readonly string? _systemPrompt;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddingGenerator;
    private readonly (string Tool, string ModelId)[] _catalogTools;
    private int _nextCallId;

    /// <summary>Creates the backbone.</summary>
    /// <param name="policy">The policy that decides each step.</param>
    /// <param name="catalog">The catalog that maps tool names to priced models.</param>
    /// <param name="resolveQuery">Maps the user's query text to its routing query (id and task), for policies that need them; by default the text alone.</param>
    /// <param name="systemPrompt">The system prompt written for every model called; when null the policy writes none, and the runtime sends the application's own system message.</param>
    /// <param name="embeddingGenerator">Embeds each query for a policy trained with embeddings (see <c>LearnedRoutingPolicy.EmbeddingDimensions</c>), once per turn; compose it with a cache to embed each query once.</param>
    public RoutingPolicyChatClient(
        IRoutingPolicy policy,
        ModelCatalog catalog,
        Func<string, RoutingQuery>? resolveQuery = null,
        string? systemPrompt = null,
        IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(catalog);
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
            CostPenalty(options));
        var message = _policy.Decide(state) switch
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

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
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

using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using XRouter.Policy.Data;

namespace XRouter.Policy.Replay;

/// <summary>
/// A chat client for one model that answers from a routing log instead of a network: the reply to the last user
/// message is the model's recorded response for that prompt, with the recorded usage (estimated from text and
/// flagged with <see cref="ReplayProperties.UsageEstimated"/> when the log has no tokens) and the recorded cost in
/// <see cref="ReplayProperties.CostUsd"/>. It plugs in wherever an HTTP model client would.
/// </summary>
public sealed class ReplayChatClient : IChatClient
{
    private readonly string _modelId;
    private readonly ReplayIndex _index;
    private readonly ReplayOptions _options;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates a client for <paramref name="modelId"/> over <paramref name="log"/>.</summary>
    /// <param name="modelId">The model whose recorded replies this client returns.</param>
    /// <param name="log">The routing-log entries.</param>
    /// <param name="options">Latency replay; null for defaults.</param>
    public ReplayChatClient(string modelId, IEnumerable<RoutingLogEntry> log, ReplayOptions? options = null)
        : this(modelId, new ReplayIndex(log), options)
    {
    }

    internal ReplayChatClient(string modelId, ReplayIndex index, ReplayOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        _modelId = modelId;
        _index = index;
        _options = options ?? new ReplayOptions();
        _metadata = new ChatClientMetadata("xrouter-replay", defaultModelId: modelId);
    }

    /// <inheritdoc/>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prompt = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text
            ?? throw new ArgumentException($"Replay model '{_modelId}' needs a user message to look up.", nameof(messages));
        var (entry, outcome) = _index.Find(_modelId, prompt);
        if (outcome.Response is not string text)
        {
            throw new RoutingDataException($"Replay model '{_modelId}': query '{entry.Id}' has no recorded response for this model.");
        }

        if (_options.ReplayLatency && outcome.LatencyMs is double latency)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(latency), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        bool estimated = outcome is not { InputTokens: not null, OutputTokens: not null };
        long input = outcome.InputTokens ?? EstimateTokens(prompt);
        long output = outcome.OutputTokens ?? EstimateTokens(text);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = _modelId,
            ResponseId = entry.Id,
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output },
            AdditionalProperties = new AdditionalPropertiesDictionary { [ReplayProperties.QueryId] = entry.Id },
        };
        if (estimated)
        {
            response.AdditionalProperties[ReplayProperties.UsageEstimated] = true;
        }

        if (outcome.CostUsd is double cost)
        {
            response.AdditionalProperties[ReplayProperties.CostUsd] = cost;
        }

        return response;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    // The same rough rule providers' docs give (about four characters per token), used only when the log has no counts.
    private static long EstimateTokens(string text) => (text.Length + 3) / 4;
}

using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using XRouter.Policy.Catalog;
using XRouter.SemanticKernel.Ledger;

namespace XRouter.Reliability.Caching;

/// <summary>
/// Caches one downstream model's replies on <see cref="HybridCache"/> (in-process, plus Redis as the shared second level
/// when an <c>IDistributedCache</c> is registered). Only complete replies are stored: errors, refusals, filtered or
/// truncated replies and replies without usage never are. A hit reports zero usage, so it is billed $0, and carries
/// the original call's cost under <see cref="ResponseCacheProperties.SavedUsd"/> for the ledger.
/// </summary>
public sealed class ResponseCachingChatClient : DelegatingChatClient
{
    private static readonly HybridCacheEntryOptions ReadOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite | HybridCacheEntryFlags.DisableUnderlyingData,
    };

    private readonly HybridCache _cache;
    private readonly ModelCard _card;
    private readonly ResponseCacheOptions _options;
    private readonly HybridCacheEntryOptions _writeOptions;

    /// <summary>Creates the cache in front of <paramref name="innerClient"/>, the client of model <paramref name="card"/>.</summary>
    public ResponseCachingChatClient(IChatClient innerClient, HybridCache cache, ModelCard card, ResponseCacheOptions? options = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(card);
        _options = options ?? new ResponseCacheOptions();
        _options.Validate();
        _cache = cache;
        _card = card;
        _writeOptions = new HybridCacheEntryOptions { Expiration = _options.Expiration, LocalCacheExpiration = _options.Expiration };
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        string? key = ResponseCacheKey.For(_card.Id, list, options, _options);
        if (key is not null && await FindAsync(key, cancellationToken).ConfigureAwait(false) is CachedReply cached)
        {
            return Hit(cached);
        }

        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        if (key is not null && Cacheable(response) is CachedReply reply)
        {
            await _cache.SetAsync(key, reply, _writeOptions, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        string? key = ResponseCacheKey.For(_card.Id, list, options, _options);
        if (key is not null && await FindAsync(key, cancellationToken).ConfigureAwait(false) is CachedReply cached)
        {
            foreach (var update in Hit(cached).ToChatResponseUpdates())
            {
                yield return update;
            }

            yield break;
        }

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }

        if (key is not null && Cacheable(updates.ToChatResponse()) is CachedReply reply)
        {
            await _cache.SetAsync(key, reply, _writeOptions, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private ValueTask<CachedReply?> FindAsync(string key, CancellationToken cancellationToken) =>
        _cache.GetOrCreateAsync<CachedReply?>(key, static _ => ValueTask.FromResult<CachedReply?>(null), ReadOnly, cancellationToken: cancellationToken);

    private ChatResponse Hit(CachedReply cached)
    {
        var saved = _card.CostOf(new TokenUsage(cached.InputTokens, cached.OutputTokens, cached.CachedInputTokens));
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, cached.Text))
        {
            ModelId = cached.ModelId,
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = 0, OutputTokenCount = 0, TotalTokenCount = 0 },
            AdditionalProperties = new() { [ResponseCacheProperties.Hit] = true, [ResponseCacheProperties.SavedUsd] = saved },
        };
    }

    // A reply is worth replaying only when it is complete: it stopped by itself, has text, no error or refusal, and
    // says what it cost.
    private static CachedReply? Cacheable(ChatResponse response)
    {
        bool complete = response.FinishReason is null || response.FinishReason == ChatFinishReason.Stop;
        bool clean = !response.Messages.SelectMany(m => m.Contents).Any(c => c is ErrorContent or FunctionCallContent);
        string text = response.Text;
        return complete && clean && text.Length > 0
            && response.Usage is { InputTokenCount: long input, OutputTokenCount: long output } usage
            ? new CachedReply(text, response.ModelId, input, Math.Clamp(usage.CachedInputTokenCount ?? 0, 0, input), output, Math.Clamp(usage.ReasoningTokenCount ?? 0, 0, output))
            : null;
    }
}

using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace XRouter.Reliability.Ledger;

/// <summary>
/// Wraps the XRouter service's <see cref="IChatClient"/> and commits every routed request, with all its calls, to an
/// <see cref="ILedgerStore"/> before the reply reaches the caller (for a stream: before its last update). A request
/// whose record cannot be committed fails rather than being answered unrecorded.
/// </summary>
public sealed class LedgerRecordingChatClient : DelegatingChatClient
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key naming who a request is billed to (a key's name or hash, never the key); it is recorded and removed before the request goes on.</summary>
    public const string KeyIdProperty = "xrouter.key_id";

    private readonly ILedgerStore _store;
    private readonly bool _recordPrompts;
    private readonly TimeProvider _time;

    /// <summary>Creates the recorder.</summary>
    /// <param name="innerClient">The XRouter service as an <see cref="IChatClient"/>.</param>
    /// <param name="store">Where records go.</param>
    /// <param name="recordPrompts">Whether the user query is stored (needed to export the ledger as a routing log).</param>
    /// <param name="time">The clock; the system clock when null.</param>
    public LedgerRecordingChatClient(IChatClient innerClient, ILedgerStore store, bool recordPrompts = true, TimeProvider? time = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _recordPrompts = recordPrompts;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var started = _time.GetUtcNow();
        var response = await base.GetResponseAsync(list, WithoutKeyId(options), cancellationToken).ConfigureAwait(false);
        response.ResponseId ??= Guid.NewGuid().ToString("N");
        await RecordAsync(response.AdditionalProperties, response.ResponseId, list, KeyIdOf(options), started, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var started = _time.GetUtcNow();
        string requestId = Guid.NewGuid().ToString("N");
        await foreach (var update in base.GetStreamingResponseAsync(list, WithoutKeyId(options), cancellationToken).ConfigureAwait(false))
        {
            // The routing metadata rides on the last update; the record is committed before that update is passed on.
            if (update.AdditionalProperties?.ContainsKey(XRouter.SemanticKernel.Services.XRouterChatCompletionService.CallsKey) == true)
            {
                update.ResponseId ??= requestId;
                await RecordAsync(update.AdditionalProperties, update.ResponseId, list, KeyIdOf(options), started, cancellationToken).ConfigureAwait(false);
            }

            yield return update;
        }
    }

    private static string KeyIdOf(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(KeyIdProperty, out object? key) == true ? key?.ToString() ?? string.Empty : string.Empty;

    // Who pays is the ledger's business only: the router and the models it calls never see it.
    private static ChatOptions? WithoutKeyId(ChatOptions? options)
    {
        if (options?.AdditionalProperties?.ContainsKey(KeyIdProperty) != true)
        {
            return options;
        }

        var inner = options.Clone();
        inner.AdditionalProperties = new AdditionalPropertiesDictionary(options.AdditionalProperties);
        inner.AdditionalProperties.Remove(KeyIdProperty);
        return inner;
    }

    private Task RecordAsync(
        AdditionalPropertiesDictionary? metadata, string requestId, IReadOnlyList<ChatMessage> messages, string keyId, DateTimeOffset started, CancellationToken cancellationToken)
    {
        string? query = _recordPrompts ? messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text : null;
        var record = RoutingMetadataReader.ToLedgerRequest(metadata ?? [], requestId, keyId, started, query);
        return _store.AppendAsync(record, cancellationToken);
    }
}

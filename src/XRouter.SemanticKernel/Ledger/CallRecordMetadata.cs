using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace XRouter.SemanticKernel.Ledger;

/// <summary>
/// The metadata view of one <see cref="CallRecord"/>: fixed snake_case keys whose values are read from the record,
/// so that a request's <c>xrouter.calls</c> costs one small object per call instead of a dictionary per call.
/// </summary>
internal sealed class CallRecordMetadata(CallRecord record) : IReadOnlyDictionary<string, object?>
{
    private static readonly string[] s_keys =
    [
        "model", "kind", "input_tokens", "output_tokens", "cost_usd", "latency_ms", "status", "usage_estimated", "error",
        "max_output_tokens", "max_output_tokens_lowered", "reserved_usd", "usage_exceeded_reservation",
        "cached_input_tokens", "reasoning_tokens", "cache_hit", "saved_usd",
    ];

    public int Count => s_keys.Length;

    public IEnumerable<string> Keys => s_keys;

    public IEnumerable<object?> Values => s_keys.Select(k => ValueOf(k));

    public object? this[string key] => TryGetValue(key, out object? value) ? value : throw new KeyNotFoundException($"Call metadata has no key '{key}'.");

    public bool ContainsKey(string key) => Array.IndexOf(s_keys, key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        if (!ContainsKey(key))
        {
            value = null;
            return false;
        }

        value = ValueOf(key);
        return true;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        s_keys.Select(k => new KeyValuePair<string, object?>(k, ValueOf(k))).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private object? ValueOf(string key) => key switch
    {
        "model" => record.Model,
        "kind" => record.KindName,
        "input_tokens" => record.InputTokens,
        "output_tokens" => record.OutputTokens,
        "cost_usd" => record.CostUsd,
        "latency_ms" => record.LatencyMs,
        "status" => record.StatusName,
        "usage_estimated" => record.UsageEstimated,
        "error" => record.Error,
        "max_output_tokens" => record.MaxOutputTokens,
        "max_output_tokens_lowered" => record.MaxOutputTokensLowered,
        "reserved_usd" => record.ReservedUsd,
        "usage_exceeded_reservation" => record.UsageExceededReservation,
        "cached_input_tokens" => record.CachedInputTokens,
        "reasoning_tokens" => record.ReasoningTokens,
        "cache_hit" => record.CacheHit,
        "saved_usd" => record.SavedUsd,
        _ => null,
    };
}

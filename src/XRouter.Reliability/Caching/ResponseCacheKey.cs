using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace XRouter.Reliability.Caching;

/// <summary>
/// The cache key of a downstream request: the model, every message's role and text (the system prompt and the query),
/// and every sampling setting that changes the reply, as canonical JSON, hashed with SHA-256 unless raw keys are
/// configured. Nothing of the client (endpoint, API key) is part of it.
/// </summary>
internal static class ResponseCacheKey
{
    /// <summary>The key, or null when the request cannot be cached (non-text content, tools, or sampling that is not deterministic).</summary>
    public static string? For(string modelId, IEnumerable<ChatMessage> messages, ChatOptions? options, ResponseCacheOptions settings)
    {
        if (options?.Tools is { Count: > 0 } || (!settings.CacheNonDeterministic && !IsDeterministic(options)))
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", modelId);
            json.WriteStartArray("messages");
            foreach (var message in messages)
            {
                if (message.Contents.Any(c => c is not TextContent))
                {
                    return null;
                }

                json.WriteStartArray();
                json.WriteStringValue(message.Role.Value);
                json.WriteStringValue(message.Text);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            WriteNumber(json, "temperature", options?.Temperature);
            WriteNumber(json, "top_p", options?.TopP);
            WriteNumber(json, "top_k", options?.TopK);
            WriteNumber(json, "max_output_tokens", options?.MaxOutputTokens);
            WriteNumber(json, "frequency_penalty", options?.FrequencyPenalty);
            WriteNumber(json, "presence_penalty", options?.PresencePenalty);
            WriteNumber(json, "seed", options?.Seed);
            if (options?.StopSequences is { Count: > 0 } stops)
            {
                json.WriteStartArray("stop");
                foreach (string stop in stops)
                {
                    json.WriteStringValue(stop);
                }

                json.WriteEndArray();
            }

            if (options?.ResponseFormat is ChatResponseFormatJson format)
            {
                json.WriteString("response_format", format.Schema?.GetRawText() ?? "json");
            }

            json.WriteEndObject();
        }

        byte[] canonical = buffer.ToArray();
        return settings.KeyPrefix + (settings.RawPromptsInKeys ? Encoding.UTF8.GetString(canonical) : Convert.ToHexStringLower(SHA256.HashData(canonical)));
    }

    private static bool IsDeterministic(ChatOptions? options) => options?.Temperature == 0 || options?.TopK == 1;

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double number)
        {
            json.WriteNumber(name, number);
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is long number)
        {
            json.WriteNumber(name, number);
        }
    }
}

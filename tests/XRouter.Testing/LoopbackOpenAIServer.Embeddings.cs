using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace XRouter.Testing;

/// <summary>The loopback server's OpenAI-compatible <c>/v1/embeddings</c> endpoint, answering from a function per model.</summary>
public sealed partial class LoopbackOpenAIServer
{
    private readonly ConcurrentDictionary<string, Func<string, float[]>> _embedders = new(StringComparer.Ordinal);
    private int _embeddingRequests;

    /// <summary>How many embedding requests the server answered.</summary>
    public int EmbeddingRequests => Volatile.Read(ref _embeddingRequests);

    /// <summary>Answers embedding requests for <paramref name="model"/> with <paramref name="embed"/> of each input.</summary>
    public void ScriptEmbeddings(string model, Func<string, float[]> embed) => _embedders[model] = embed;

    private async Task HandleEmbeddingsAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false)
            ?? throw new InvalidOperationException("empty request body");
        string model = body["model"]!.GetValue<string>();
        if (!_embedders.TryGetValue(model, out var embed))
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsJsonAsync(new { error = new { message = $"The model '{model}' does not exist.", type = "invalid_request_error" } }).ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _embeddingRequests);
        var inputs = body["input"] is JsonArray array ? array.Select(n => n!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
        bool base64 = body["encoding_format"]?.GetValue<string>() == "base64";
        var data = inputs.Select((text, i) =>
        {
            float[] vector = embed(text);
            return new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = i,
                ["embedding"] = base64 ? Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan())) : new JsonArray([.. vector.Select(v => (JsonNode?)v)]),
            };
        });
        int tokens = inputs.Sum(t => Math.Max(1, t.Length / 4));
        var response = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. data]),
            ["model"] = model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString()).ConfigureAwait(false);
    }
}

using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;
using XRouter.Server.Routing;

namespace XRouter.Server.Api;

/// <summary>
/// Writes one streamed completion as server-sent events in OpenAI's chunk format: a role chunk, content and tool-call
/// deltas as they arrive, a finish chunk, a usage chunk when <c>stream_options.include_usage</c> is set, then
/// <c>[DONE]</c>. The routing metadata rides on the last chunk.
/// </summary>
internal sealed class SseWriter(HttpResponse response, string id, long created, string model, JsonWriterOptions options)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private bool _started;
    private int _toolCalls;

    public Task WriteTextAsync(string text) => WriteChunkAsync(writer =>
    {
        writer.WriteStartObject("delta");
        writer.WriteString("content", text);
        writer.WriteEndObject();
        writer.WriteNull("finish_reason");
    });

    public Task WriteToolCallAsync(FunctionCallContent call)
    {
        int index = _toolCalls++;
        return WriteChunkAsync(writer =>
        {
            writer.WriteStartObject("delta");
            writer.WriteStartArray("tool_calls");
            CompletionWriter.WriteToolCall(writer, call, index);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteNull("finish_reason");
        });
    }

    public async Task WriteEndAsync(string finishReason, RouteReport report, bool includeUsage)
    {
        await WriteChunkAsync(
            writer =>
            {
                writer.WriteStartObject("delta");
                writer.WriteEndObject();
                writer.WriteString("finish_reason", finishReason);
            },
            includeUsage ? null : report).ConfigureAwait(false);
        if (includeUsage)
        {
            await WriteEventAsync(writer =>
            {
                writer.WriteStartObject();
                CompletionWriter.WriteHeader(writer, id, "chat.completion.chunk", created, model);
                writer.WriteStartArray("choices");
                writer.WriteEndArray();
                CompletionWriter.WriteUsage(writer, report);
                CompletionWriter.WriteMetadata(writer, report);
                writer.WriteEndObject();
            }).ConfigureAwait(false);
        }

        await response.Body.WriteAsync(Done).ConfigureAwait(false);
        await response.Body.FlushAsync().ConfigureAwait(false);
    }

    public async Task WriteErrorAsync(ApiException error)
    {
        await WriteEventAsync(writer => OpenAIError.Write(writer, error)).ConfigureAwait(false);
        await response.Body.WriteAsync(Done).ConfigureAwait(false);
        await response.Body.FlushAsync().ConfigureAwait(false);
    }

    private async Task WriteChunkAsync(Action<Utf8JsonWriter> choice, RouteReport? metadata = null)
    {
        if (!_started)
        {
            _started = true;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            await WriteEventAsync(writer => Chunk(writer, w =>
            {
                w.WriteStartObject("delta");
                w.WriteString("role", "assistant");
                w.WriteString("content", string.Empty);
                w.WriteEndObject();
                w.WriteNull("finish_reason");
            }, null), flush: false).ConfigureAwait(false);
        }

        await WriteEventAsync(writer => Chunk(writer, choice, metadata)).ConfigureAwait(false);
    }

    private void Chunk(Utf8JsonWriter writer, Action<Utf8JsonWriter> choice, RouteReport? metadata)
    {
        writer.WriteStartObject();
        CompletionWriter.WriteHeader(writer, id, "chat.completion.chunk", created, model);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        choice(writer);
        writer.WriteEndObject();
        writer.WriteEndArray();
        if (metadata is not null)
        {
            CompletionWriter.WriteMetadata(writer, metadata);
        }

        writer.WriteEndObject();
    }

    private async Task WriteEventAsync(Action<Utf8JsonWriter> write, bool flush = true)
    {
        _buffer.Clear();
        _buffer.Write(DataPrefix);
        using (var writer = new Utf8JsonWriter(_buffer, options))
        {
            write(writer);
        }

        _buffer.Write(EventEnd);
        await response.Body.WriteAsync(_buffer.WrittenMemory).ConfigureAwait(false);
        if (flush)
        {
            await response.Body.FlushAsync().ConfigureAwait(false);
        }
    }
}

using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace XRouter.SemanticKernel.Budget;

/// <summary>
/// Upper bounds of the input tokens of a call, for its reservation. A byte-level BPE tokenizer emits at most one
/// token per UTF-8 byte, so bytes plus chat framing bound the tokens; a provider that counts more is flagged when
/// it is settled.
/// </summary>
internal static class TokenBounds
{
    /// <summary>Framing tokens per message (role markers and separators).</summary>
    public const int FramingTokensPerMessage = 16;

    /// <summary>Framing tokens per tool declaration in a chat template's tool block.</summary>
    public const int FramingTokensPerTool = 16;

    /// <summary>A downstream call: the router's system prompt and the user's query.</summary>
    public static long Downstream(string systemPrompt, string userQuery) =>
        Encoding.UTF8.GetByteCount(systemPrompt) + Encoding.UTF8.GetByteCount(userQuery) + (2 * FramingTokensPerMessage);

    /// <summary>A router turn: the conversation so far and the tool declarations it is shown.</summary>
    public static long Router(IEnumerable<ChatMessage> messages, IList<AITool>? tools)
    {
        long bytes = 0;
        foreach (var message in messages)
        {
            bytes += FramingTokensPerMessage;
            foreach (var content in message.Contents)
            {
                bytes += content switch
                {
                    TextContent text => Encoding.UTF8.GetByteCount(text.Text),
                    FunctionCallContent call => Encoding.UTF8.GetByteCount(call.Name) + Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(call.Arguments)),
                    FunctionResultContent result => Encoding.UTF8.GetByteCount(result.Result?.ToString() ?? string.Empty),
                    ErrorContent error => Encoding.UTF8.GetByteCount(error.Details ?? string.Empty),
                    _ => 0,
                };
            }
        }

        foreach (var tool in tools ?? [])
        {
            bytes += FramingTokensPerTool + Encoding.UTF8.GetByteCount(tool.Name) + Encoding.UTF8.GetByteCount(tool.Description)
                + (tool is AIFunctionDeclaration f ? Encoding.UTF8.GetByteCount(f.JsonSchema.GetRawText()) : 0);
        }

        return bytes;
    }
}

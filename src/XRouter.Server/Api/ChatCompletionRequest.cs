using System.Text.Json;
using System.Text.Json.Serialization;

namespace XRouter.Server.Api;

/// <summary>The body of <c>POST /v1/chat/completions</c>, as OpenAI defines it, plus the <c>xrouter</c> routing knobs.</summary>
internal sealed class ChatCompletionRequest
{
    /// <summary><c>xrouter</c> to route, or the id of a pool model to call it directly.</summary>
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    /// <summary>The conversation.</summary>
    [JsonPropertyName("messages")]
    public IList<RequestMessage>? Messages { get; set; }

    /// <summary>True to receive server-sent events.</summary>
    [JsonPropertyName("stream")]
    public bool? Stream { get; set; }

    /// <summary>Streaming options (<c>include_usage</c>).</summary>
    [JsonPropertyName("stream_options")]
    public StreamOptions? StreamOptions { get; set; }

    /// <summary>The legacy output-token cap.</summary>
    [JsonPropertyName("max_tokens")]
    public int? MaxTokens { get; set; }

    /// <summary>The output-token cap; wins over <see cref="MaxTokens"/>.</summary>
    [JsonPropertyName("max_completion_tokens")]
    public int? MaxCompletionTokens { get; set; }

    /// <summary>Sampling temperature, 0 to 2.</summary>
    [JsonPropertyName("temperature")]
    public float? Temperature { get; set; }

    /// <summary>Nucleus sampling, 0 to 1.</summary>
    [JsonPropertyName("top_p")]
    public float? TopP { get; set; }

    /// <summary>A stop sequence or up to four of them.</summary>
    [JsonPropertyName("stop")]
    public JsonElement? Stop { get; set; }

    /// <summary>The number of choices; only 1 is served.</summary>
    [JsonPropertyName("n")]
    public int? N { get; set; }

    /// <summary>The client's tools: returned to the client as tool calls, never executed by the server.</summary>
    [JsonPropertyName("tools")]
    public IList<RequestTool>? Tools { get; set; }

    /// <summary><c>none</c>, <c>auto</c>, <c>required</c> or a named function.</summary>
    [JsonPropertyName("tool_choice")]
    public JsonElement? ToolChoice { get; set; }

    /// <summary>Routing knobs for this request; unset ones come from configuration.</summary>
    [JsonPropertyName("xrouter")]
    public RoutingKnobs? XRouter { get; set; }

    /// <summary>Other OpenAI fields (<c>user</c>, <c>seed</c>, ...), accepted and not used.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Other { get; set; }
}

/// <summary>One message of the conversation.</summary>
internal sealed class RequestMessage
{
    /// <summary><c>system</c>, <c>developer</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
    [JsonPropertyName("role")]
    public string? Role { get; set; }

    /// <summary>A string, an array of text parts, or null (an assistant message with tool calls).</summary>
    [JsonPropertyName("content")]
    public JsonElement? Content { get; set; }

    /// <summary>The tool calls of an earlier assistant turn.</summary>
    [JsonPropertyName("tool_calls")]
    public IList<RequestToolCall>? ToolCalls { get; set; }

    /// <summary>For a <c>tool</c> message: the call it answers.</summary>
    [JsonPropertyName("tool_call_id")]
    public string? ToolCallId { get; set; }

    /// <summary>An optional participant name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }
}

/// <summary>A tool call of an earlier assistant turn.</summary>
internal sealed class RequestToolCall
{
    /// <summary>The call id that the tool message answers.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    /// <summary>Always <c>function</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The function called and its arguments.</summary>
    [JsonPropertyName("function")]
    public RequestFunctionCall? Function { get; set; }
}

/// <summary>The function of a tool call.</summary>
internal sealed class RequestFunctionCall
{
    /// <summary>The function name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The arguments as a JSON object in a string.</summary>
    [JsonPropertyName("arguments")]
    public string? Arguments { get; set; }
}

/// <summary>A tool the client offers.</summary>
internal sealed class RequestTool
{
    /// <summary>Always <c>function</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The function's declaration.</summary>
    [JsonPropertyName("function")]
    public RequestFunction? Function { get; set; }
}

/// <summary>A function declaration of a client tool.</summary>
internal sealed class RequestFunction
{
    /// <summary>The function name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>What the function does.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; set; }

    /// <summary>The JSON schema of its arguments.</summary>
    [JsonPropertyName("parameters")]
    public JsonElement? Parameters { get; set; }
}

/// <summary>Streaming options.</summary>
internal sealed class StreamOptions
{
    /// <summary>True to receive a last chunk with <c>usage</c>.</summary>
    [JsonPropertyName("include_usage")]
    public bool? IncludeUsage { get; set; }
}

/// <summary>The <c>xrouter</c> object of a request: routing knobs for this request.</summary>
internal sealed class RoutingKnobs
{
    /// <summary>How much a dollar weighs against accuracy (lambda).</summary>
    [JsonPropertyName("cost_penalty")]
    public double? CostPenalty { get; set; }

    /// <summary>The most this request may spend, router included.</summary>
    [JsonPropertyName("max_cost_usd")]
    public double? MaxCostUsd { get; set; }

    /// <summary>The pool models the router may call.</summary>
    [JsonPropertyName("allowed_models")]
    public IList<string>? AllowedModels { get; set; }

    /// <summary>Most router turns.</summary>
    [JsonPropertyName("max_turns")]
    public int? MaxTurns { get; set; }
}

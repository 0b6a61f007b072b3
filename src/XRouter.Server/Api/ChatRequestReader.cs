using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.AI;

namespace XRouter.Server.Api;

/// <summary>A validated chat completions request, in Microsoft.Extensions.AI terms.</summary>
internal sealed record ChatRequest(string Model, IReadOnlyList<ChatMessage> Messages, ChatOptions Options, bool Stream, bool IncludeUsage, RoutingKnobs? Knobs);

/// <summary>
/// Reads and checks a chat completions body: broken JSON, wrong types and bad values are 400 naming the field
/// (<c>messages[1].role</c>), a body over the configured size is 413.
/// </summary>
internal static class ChatRequestReader
{
    public static async Task<ChatRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ChatCompletionRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, ServerJsonContext.Default.ChatCompletionRequest, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(request);
        }
        catch (JsonException e)
        {
            string param = FieldOf(e.Path);
            throw ApiException.InvalidRequest(param, param.Length == 0
                ? $"The request body is not valid JSON: {e.Message}"
                : $"Field '{param}' is invalid: {FirstSentence(e.Message)}");
        }

        return Validate(body ?? throw ApiException.InvalidRequest(string.Empty, "The request body is empty; send a JSON object."));
    }

    public static ApiException TooLarge(HttpRequest request)
    {
        long? limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        return new ApiException(StatusCodes.Status413PayloadTooLarge, "invalid_request_error", $"The request body is larger than the server's limit of {limit} bytes.", code: "request_too_large");
    }

    internal static ChatRequest Validate(ChatCompletionRequest body)
    {
        string model = string.IsNullOrWhiteSpace(body.Model) ? throw ApiException.InvalidRequest("model", "Field 'model' is required: 'xrouter' to route, or a pool model id.") : body.Model;
        if (body.Messages is not { Count: > 0 } messages)
        {
            throw ApiException.InvalidRequest("messages", "Field 'messages' is required and must hold at least one message.");
        }

        if (body.N is not (null or 1))
        {
            throw ApiException.InvalidRequest("n", $"Field 'n' is {body.N}; this server returns one choice, so it must be 1.");
        }

        var options = new ChatOptions
        {
            ModelId = model,
            Temperature = Range("temperature", body.Temperature, 0, 2),
            TopP = Range("top_p", body.TopP, 0, 1),
            MaxOutputTokens = OutputCap(body),
            StopSequences = StopSequences(body.Stop),
            Tools = Tools(body.Tools),
            ToolMode = ToolMode(body.ToolChoice, body.Tools),
        };
        CheckKnobs(body.XRouter);
        return new ChatRequest(model, [.. messages.Select(Message)], options, body.Stream == true, body.StreamOptions?.IncludeUsage == true, body.XRouter);
    }

    private static ChatMessage Message(RequestMessage message, int index)
    {
        string at = $"messages[{index}]";
        var role = message.Role switch
        {
            "system" or "developer" => ChatRole.System,
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            "tool" => ChatRole.Tool,
            null => throw ApiException.InvalidRequest($"{at}.role", $"Field '{at}.role' is required."),
            var other => throw ApiException.InvalidRequest($"{at}.role", $"Field '{at}.role' is '{other}'; expected system, developer, user, assistant or tool."),
        };
        string? text = Text(message.Content, $"{at}.content");
        if (role == ChatRole.Tool)
        {
            string callId = string.IsNullOrEmpty(message.ToolCallId)
                ? throw ApiException.InvalidRequest($"{at}.tool_call_id", $"Field '{at}.tool_call_id' is required on a tool message.")
                : message.ToolCallId;
            return new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, text ?? string.Empty)]);
        }

        var contents = new List<AIContent>();
        if (!string.IsNullOrEmpty(text))
        {
            contents.Add(new TextContent(text));
        }

        if (message.ToolCalls is { Count: > 0 } calls)
        {
            if (role != ChatRole.Assistant)
            {
                throw ApiException.InvalidRequest($"{at}.tool_calls", $"Field '{at}.tool_calls' is only allowed on an assistant message.");
            }

            contents.AddRange(calls.Select((call, i) => ToolCall(call, $"{at}.tool_calls[{i}]")));
        }
        else if (text is null && role != ChatRole.Assistant)
        {
            throw ApiException.InvalidRequest($"{at}.content", $"Field '{at}.content' is required on a {message.Role} message.");
        }

        return new ChatMessage(role, contents) { AuthorName = message.Name };
    }

    private static FunctionCallContent ToolCall(RequestToolCall call, string at)
    {
        string id = string.IsNullOrEmpty(call.Id) ? throw ApiException.InvalidRequest($"{at}.id", $"Field '{at}.id' is required.") : call.Id;
        string name = string.IsNullOrEmpty(call.Function?.Name) ? throw ApiException.InvalidRequest($"{at}.function.name", $"Field '{at}.function.name' is required.") : call.Function.Name;
        Dictionary<string, object?>? arguments;
        try
        {
            arguments = string.IsNullOrWhiteSpace(call.Function.Arguments)
                ? []
                : JsonSerializer.Deserialize(call.Function.Arguments, ServerJsonContext.Default.DictionaryStringObject);
        }
        catch (JsonException e)
        {
            throw ApiException.InvalidRequest($"{at}.function.arguments", $"Field '{at}.function.arguments' must be a JSON object in a string: {FirstSentence(e.Message)}");
        }

        return new FunctionCallContent(id, name, arguments);
    }

    private static string? Text(JsonElement? content, string at) => content switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Array } parts => string.Concat(parts.EnumerateArray().Select((part, i) => PartText(part, $"{at}[{i}]"))),
        _ => throw ApiException.InvalidRequest(at, $"Field '{at}' must be a string or an array of text parts."),
    };

    private static string PartText(JsonElement part, string at) =>
        part.ValueKind == JsonValueKind.Object
        && part.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString() == "text" && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
                ? text.GetString()!
                : throw ApiException.InvalidRequest($"{at}.type", $"Field '{at}.type' is '{type.GetString()}'; this server reads text parts only.")
            : throw ApiException.InvalidRequest(at, $"Field '{at}' must be an object with a 'type'.");

    private static float? Range(string field, float? value, float min, float max) =>
        value is float v && (!float.IsFinite(v) || v < min || v > max)
            ? throw ApiException.InvalidRequest(field, $"Field '{field}' is {v}; it must be between {min} and {max}.")
            : value;

    private static int? OutputCap(ChatCompletionRequest body)
    {
        (string field, int? value) = body.MaxCompletionTokens is not null ? ("max_completion_tokens", body.MaxCompletionTokens) : ("max_tokens", body.MaxTokens);
        return value is < 1 ? throw ApiException.InvalidRequest(field, $"Field '{field}' is {value}; it must be at least 1.") : value;
    }

    private static List<string>? StopSequences(JsonElement? stop)
    {
        var list = stop switch
        {
            null or { ValueKind: JsonValueKind.Null } => (List<string>?)null,
            { ValueKind: JsonValueKind.String } s => [s.GetString()!],
            { ValueKind: JsonValueKind.Array } a when a.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => [.. a.EnumerateArray().Select(e => e.GetString()!)],
            _ => throw ApiException.InvalidRequest("stop", "Field 'stop' must be a string or an array of strings."),
        };
        return list is { Count: > 4 } ? throw ApiException.InvalidRequest("stop", $"Field 'stop' has {list.Count} sequences; at most 4 are allowed.") : list;
    }

    private static List<AITool>? Tools(IList<RequestTool>? tools)
    {
        if (tools is not { Count: > 0 })
        {
            return null;
        }

        var declared = new List<AITool>(tools.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < tools.Count; i++)
        {
            string at = $"tools[{i}]";
            var tool = tools[i];
            if (tool.Type is not "function")
            {
                throw ApiException.InvalidRequest($"{at}.type", $"Field '{at}.type' is '{tool.Type}'; only 'function' tools are supported.");
            }

            string name = string.IsNullOrEmpty(tool.Function?.Name) ? throw ApiException.InvalidRequest($"{at}.function.name", $"Field '{at}.function.name' is required.") : tool.Function.Name;
            if (!names.Add(name))
            {
                throw ApiException.InvalidRequest($"{at}.function.name", $"Field '{at}.function.name' repeats the tool name '{name}'.");
            }

            var schema = tool.Function.Parameters is { ValueKind: JsonValueKind.Object } parameters ? parameters : EmptySchema;
            declared.Add(AIFunctionFactory.CreateDeclaration(name, tool.Function.Description, schema));
        }

        return declared;
    }

    private static ChatToolMode? ToolMode(JsonElement? choice, IList<RequestTool>? tools) => choice switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } s => s.GetString() switch
        {
            "auto" => ChatToolMode.Auto,
            "none" => ChatToolMode.None,
            "required" => ChatToolMode.RequireAny,
            var other => throw ApiException.InvalidRequest("tool_choice", $"Field 'tool_choice' is '{other}'; expected none, auto, required or a function."),
        },
        { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("function", out var f) && f.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String =>
            tools?.Any(t => t.Function?.Name == n.GetString()) == true
                ? ChatToolMode.RequireSpecific(n.GetString()!)
                : throw ApiException.InvalidRequest("tool_choice.function.name", $"Field 'tool_choice.function.name' names '{n.GetString()}', which is not in 'tools'."),
        _ => throw ApiException.InvalidRequest("tool_choice", "Field 'tool_choice' must be none, auto, required or {\"type\":\"function\",\"function\":{\"name\":...}}."),
    };

    private static void CheckKnobs(RoutingKnobs? knobs)
    {
        if (knobs is null)
        {
            return;
        }

        if (knobs.CostPenalty is double lambda && (!double.IsFinite(lambda) || lambda < 0))
        {
            throw ApiException.InvalidRequest("xrouter.cost_penalty", $"Field 'xrouter.cost_penalty' is {lambda}; it must be zero or more.");
        }

        if (knobs.MaxCostUsd is double limit && (!double.IsFinite(limit) || limit < 0))
        {
            throw ApiException.InvalidRequest("xrouter.max_cost_usd", $"Field 'xrouter.max_cost_usd' is {limit}; it must be zero or more.");
        }

        if (knobs.MaxTurns is < 1)
        {
            throw ApiException.InvalidRequest("xrouter.max_turns", $"Field 'xrouter.max_turns' is {knobs.MaxTurns}; it must be at least 1.");
        }

        if (knobs.AllowedModels is { } allowed && allowed.Any(string.IsNullOrWhiteSpace))
        {
            throw ApiException.InvalidRequest("xrouter.allowed_models", "Field 'xrouter.allowed_models' contains an empty model id.");
        }
    }

    // System.Text.Json paths look like "$.messages[0].role"; OpenAI's param is "messages[0].role".
    private static string FieldOf(string? path) => path is null or "$" ? string.Empty : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    private static readonly JsonElement EmptySchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;
}

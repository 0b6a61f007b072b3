using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace XRouter.SemanticKernel.Tests.TestSupport;

/// <summary>
/// A router backbone that plays a script: turn N returns the N-th scripted response, with usage, and records
/// what it was shown (messages and advertised tool names) so tests can assert on the router's view.
/// </summary>
internal sealed class ScriptedBackbone(params Func<BackboneTurn, ChatResponse>[] turns) : IChatClient
{
    private readonly Lock _gate = new();

    public const int InputTokensPerTurn = 1000;
    public const int OutputTokensPerTurn = 50;

    private readonly List<BackboneTurn> _seen = [];

    public IReadOnlyList<BackboneTurn> Seen
    {
        get
        {
            lock (_gate)
            {
                return [.. _seen];
            }
        }
    }

    /// <summary>
    /// True to number turns per conversation (1 + the assistant messages so far) instead of per backbone, so that one
    /// script serves many concurrent requests.
    /// </summary>
    public bool PerConversation { get; init; }

    /// <summary>The input tokens every turn reports.</summary>
    public int InputTokens { get; init; } = InputTokensPerTurn;

    public static Func<BackboneTurn, ChatResponse> Text(string text) => _ => Respond(new TextContent(text));

    /// <summary>An answer in several text parts of one message, as a client that splits its text reports it.</summary>
    public static Func<BackboneTurn, ChatResponse> TextParts(params string[] parts) => _ => Respond([.. parts.Select(p => new TextContent(p))]);

    public static Func<BackboneTurn, ChatResponse> Call(params (string Tool, string SystemPrompt)[] calls) =>
        turn => Respond([.. calls.Select((c, i) => new FunctionCallContent($"call{turn.Number}_{i}", c.Tool, new Dictionary<string, object?>
        {
            ["optimized_system_prompt"] = c.SystemPrompt,
        }))]);

    /// <summary>Router text written before its tool calls, as a generating router writes it.</summary>
    public static Func<BackboneTurn, ChatResponse> TextThenCall(string text, params (string Tool, string SystemPrompt)[] calls) =>
        turn => Respond([new TextContent(text), .. Call(calls)(turn).Messages[0].Contents]);

    public static Func<BackboneTurn, ChatResponse> CallWith(string tool, IDictionary<string, object?> arguments) =>
        turn => Respond(new FunctionCallContent($"call{turn.Number}_0", tool, arguments));

    /// <summary>A reply whose tool call could not be parsed, as a generating backbone reports it.</summary>
    public static Func<BackboneTurn, ChatResponse> InvalidCall(string rawBlock) =>
        _ => Respond(new ErrorContent("invalid JSON in <tool_call>") { ErrorCode = "invalid_tool_call", Details = rawBlock });

    /// <summary>A route step: one model call and, in the same turn, the selection of its reply.</summary>
    public static Func<BackboneTurn, ChatResponse> Route(string toolName, string systemPrompt = "Answer.") =>
        turn => Respond(
            new FunctionCallContent($"call{turn.Number}_0", toolName, new Dictionary<string, object?> { ["optimized_system_prompt"] = systemPrompt }),
            new FunctionCallContent($"call{turn.Number}_1", "select_response", new Dictionary<string, object?> { ["model_call_name"] = toolName }));

    public static Func<BackboneTurn, ChatResponse> Select(string toolName) =>
        CallWith("select_response", new Dictionary<string, object?> { ["model_call_name"] = toolName });

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = [.. messages];
        BackboneTurn turn;
        lock (_gate)
        {
            int number = PerConversation ? list.Count(m => m.Role == ChatRole.Assistant) + 1 : _seen.Count + 1;
            turn = new BackboneTurn(number, list, [.. options?.Tools?.Select(t => t.Name) ?? []]) { MaxOutputTokens = options?.MaxOutputTokens, Options = options };
            _seen.Add(turn);
        }

        if (turn.Number > turns.Length)
        {
            throw new InvalidOperationException($"The script has {turns.Length} turns; turn {turn.Number} was asked for.");
        }

        var response = turns[turn.Number - 1](turn);
        response.Usage!.InputTokenCount = InputTokens;
        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // One update per content, each after a real yield, so that the stream crosses async boundaries as a
        // generating backbone's does.
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var content in response.Messages.SelectMany(m => m.Contents))
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, [content]);
        }

        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(response.Usage!)]);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static ChatResponse Respond(params AIContent[] contents) =>
        new(new ChatMessage(ChatRole.Assistant, [.. contents]))
        {
            Usage = new UsageDetails { InputTokenCount = InputTokensPerTurn, OutputTokenCount = OutputTokensPerTurn, TotalTokenCount = InputTokensPerTurn + OutputTokensPerTurn },
        };
}

/// <summary>What the backbone was shown on one turn.</summary>
internal sealed record BackboneTurn(int Number, IReadOnlyList<ChatMessage> Messages, IReadOnlyList<string> ToolNames)
{
    /// <summary>The output-token cap the backbone was given.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>The options the backbone was given.</summary>
    public ChatOptions? Options { get; init; }

    /// <summary>The text of every tool result the backbone was shown.</summary>
    public IReadOnlyList<string> ToolResults =>
        [.. Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => r.Result?.ToString() ?? string.Empty)];
}

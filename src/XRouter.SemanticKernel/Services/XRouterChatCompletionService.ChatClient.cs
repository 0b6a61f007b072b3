using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.SemanticKernel.Orchestration;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace XRouter.SemanticKernel.Services;

/// <summary>The <see cref="IChatClient"/> face of the service: the same routing, with <see cref="ChatOptions"/> mapped to SK's settings.</summary>
public sealed partial class XRouterChatCompletionService
{
    /// <inheritdoc />
    async Task<ChatResponse> IChatClient.GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var message = await RouteAsync(ToChatHistory(messages), ToExecutionSettings(options), kernel: null, CallerTools(options), cancellationToken).ConfigureAwait(false);
        return new ChatResponse(message.ToChatMessage())
        {
            ModelId = _routerModel.Id,
            Usage = message.Metadata![UsageKey] as UsageDetails,
            AdditionalProperties = new AdditionalPropertiesDictionary(message.Metadata),
        };
    }

    /// <inheritdoc />
    async IAsyncEnumerable<ChatResponseUpdate> IChatClient.GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in RouteStreamingAsync(ToChatHistory(messages), ToExecutionSettings(options), kernel: null, CallerTools(options), cancellationToken).ConfigureAwait(false))
        {
            var converted = update.ToChatResponseUpdate();
            if (update.Metadata is { Count: > 0 } metadata)
            {
                converted.AdditionalProperties = new AdditionalPropertiesDictionary(metadata);
                if (metadata.TryGetValue(UsageKey, out object? usage) && usage is UsageDetails details)
                {
                    converted.Contents.Add(new UsageContent(details));
                }
            }

            yield return converted;
        }
    }

    // The router reads the caller's turns with their tool traffic, so a result of a tool it asked the caller to run
    // (an OpenAI client's tool) reaches it in the next request; the caller's tools live in the caller-tools plugin.
    private static ChatHistory ToChatHistory(IEnumerable<AIChatMessage> messages) =>
        [.. messages.Select(m => new ChatMessageContent(new AuthorRole(m.Role.Value), [.. m.Contents.Select(ToKernelContent).OfType<KernelContent>()]))];

    private static KernelContent? ToKernelContent(AIContent content) => content switch
    {
        Microsoft.Extensions.AI.TextContent text => new Microsoft.SemanticKernel.TextContent(text.Text),
        Microsoft.Extensions.AI.FunctionCallContent call => new Microsoft.SemanticKernel.FunctionCallContent(
            call.Name, CallerToolsPluginName, call.CallId, call.Arguments is null ? null : new KernelArguments(call.Arguments)),
        Microsoft.Extensions.AI.FunctionResultContent result => new Microsoft.SemanticKernel.FunctionResultContent(
            functionName: null, pluginName: CallerToolsPluginName, callId: result.CallId, result: result.Result),
        _ => null,
    };

    // A tool declared without an implementation (a remote client's) is offered too; its calls go back to the caller.
    private static List<AIFunction>? CallerTools(ChatOptions? options) =>
        options?.Tools is { Count: > 0 } tools
            ? [.. tools.OfType<AIFunctionDeclaration>().Select(t => t as AIFunction ?? new CallerDeclaredFunction(t))]
            : null;

    /// <summary>
    /// Maps the caller's options to the settings SK gives the backbone: sampling and output cap under SK's
    /// snake_case keys, the tool mode as the function choice for the caller's tools, and any additional
    /// properties (the <c>xrouter</c> settings among them) as they are.
    /// </summary>
    private static PromptExecutionSettings? ToExecutionSettings(ChatOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        var data = options.AdditionalProperties?.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!) ?? [];
        if (options.Temperature is float temperature)
        {
            data["temperature"] = temperature;
        }

        if (options.TopP is float topP)
        {
            data["top_p"] = topP;
        }

        if (options.MaxOutputTokens is int maxTokens)
        {
            data["max_tokens"] = maxTokens;
        }

        if (options.StopSequences is { Count: > 0 } stop)
        {
            data["stop_sequences"] = stop.ToList();
        }

        return new PromptExecutionSettings
        {
            ModelId = options.ModelId,
            ExtensionData = data,
            FunctionChoiceBehavior = options.ToolMode switch
            {
                NoneChatToolMode => FunctionChoiceBehavior.None(),
                RequiredChatToolMode => FunctionChoiceBehavior.Required(),
                _ => null,
            },
        };
    }
}

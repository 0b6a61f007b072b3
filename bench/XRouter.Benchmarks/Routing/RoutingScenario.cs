using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.Policy.Catalog;
using XRouter.SemanticKernel.Services;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;
using TextContent = Microsoft.Extensions.AI.TextContent;

namespace XRouter.Benchmarks.Routing;

/// <summary>
/// One request three ways, all in process so that only orchestration is timed: the downstream model called
/// directly; SK's bare function-calling loop (the router calls one kernel function that calls the model, then
/// answers); and XRouter with the same router script and the same model as its pool.
/// </summary>
internal sealed class RoutingScenario
{
    private const string Query = "What is 6*7?";

    private readonly IChatCompletionService _bareLoop;
    private readonly Kernel _bareKernel;
    private readonly PromptExecutionSettings _bareSettings = new() { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
    private readonly IChatCompletionService _xrouter;
    private readonly Kernel _xrouterKernel;
    private readonly AIChatMessage[] _directMessages = [new(ChatRole.System, "Answer."), new(ChatRole.User, Query)];

    private readonly IChatCompletionService _routeStep;
    private readonly Kernel _routeStepKernel;

    public RoutingScenario()
    {
        Model = new CannedModel();

        _bareKernel = new Kernel();
        _bareKernel.Plugins.AddFromFunctions("models", [KernelFunctionFactory.CreateFromMethod(
            async (string optimized_system_prompt, CancellationToken cancellationToken) =>
                (await Model.GetResponseAsync([new(ChatRole.System, optimized_system_prompt), new(ChatRole.User, Query)], cancellationToken: cancellationToken)).Text,
            "call_model_a")]);
        _bareLoop = new ChatClientBuilder(new CannedRouter("models_call_model_a")).UseKernelFunctionInvocation().Build().AsChatCompletionService();

        (_xrouterKernel, _xrouter) = BuildXRouter(Model, new CannedRouter("call_model_a"));
        (_routeStepKernel, _routeStep) = BuildXRouter(Model, new CannedRouter("call_model_a", routeStep: true));
    }

    public CannedModel Model { get; }

    public Task<ChatResponse> DirectAsync() => Model.GetResponseAsync(_directMessages);

    public Task<ChatMessageContent> BareLoopAsync() => _bareLoop.GetChatMessageContentAsync(NewHistory(), _bareSettings, _bareKernel);

    public Task<ChatMessageContent> XRouterAsync() => _xrouter.GetChatMessageContentAsync(NewHistory(), kernel: _xrouterKernel);

    /// <summary>
    /// Checks that each side does what it is timed for: SK's bare loop and XRouter call the model once and answer in a
    /// second router turn, and the streamed route step returns the model's reply as selected.
    /// </summary>
    /// <exception cref="InvalidOperationException">A side took another path.</exception>
    public async Task VerifyAsync()
    {
        var bareHistory = NewHistory();
        await _bareLoop.GetChatMessageContentAsync(bareHistory, _bareSettings, _bareKernel);
        Require(bareHistory.Any(m => m.Role == AuthorRole.Tool), "SK's bare loop did not call the model");

        var routed = await XRouterAsync();
        Require(routed.Metadata?[XRouterChatCompletionService.ModeKey] is "synthesize" && routed.Metadata[XRouterChatCompletionService.TurnsKey] is 2, "XRouter did not call the model and answer in a second turn");

        StreamingChatMessageContent? last = null;
        await foreach (var update in _routeStep.GetStreamingChatMessageContentsAsync(NewHistory(), kernel: _routeStepKernel))
        {
            last = update;
        }

        Require(last?.Metadata?[XRouterChatCompletionService.ModeKey] is "select", "the streamed route step did not select the model's reply");

        static void Require(bool condition, string failure)
        {
            if (!condition)
            {
                throw new InvalidOperationException($"Routing scenario: {failure}, so the benchmark would time another request.");
            }
        }
    }

    /// <summary>Streams the model directly; returns the <see cref="System.Diagnostics.Stopwatch"/> ticks to its first text chunk.</summary>
    public async Task<long> FirstChunkDirectAsync()
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp(), first = 0;
        await foreach (var update in Model.GetStreamingResponseAsync(_directMessages))
        {
            first = first == 0 && update.Text.Length > 0 ? System.Diagnostics.Stopwatch.GetTimestamp() - started : first;
        }

        return first;
    }

    /// <summary>Streams a route step through XRouter; returns the ticks to the first text chunk.</summary>
    public async Task<long> FirstChunkXRouterAsync()
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp(), first = 0;
        await foreach (var update in _routeStep.GetStreamingChatMessageContentsAsync(NewHistory(), kernel: _routeStepKernel))
        {
            first = first == 0 && !string.IsNullOrEmpty(update.Content) ? System.Diagnostics.Stopwatch.GetTimestamp() - started : first;
        }

        return first;
    }

    /// <summary>
    /// The request's conversation, new for every request and alike for both loops: SK's chat service appends the
    /// loop's tool call and result to the history it is given, so a shared history would turn every later request of
    /// the bare loop into a one-turn direct answer (the canned router answers once it sees a tool result).
    /// </summary>
    private static ChatHistory NewHistory()
    {
        var history = new ChatHistory();
        history.AddUserMessage(Query);
        return history;
    }

    private static (Kernel Kernel, IChatCompletionService Service) BuildXRouter(CannedModel model, IChatClient router)
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddKeyedSingleton<IChatClient>("model-a", model);
        builder.AddXRouter(
            options =>
            {
                options.Catalog = new ModelCatalog([
                    new ModelCard { Id = "router", InputPerMTok = 0.1, OutputPerMTok = 0.4 },
                    new ModelCard { Id = "model-a", InputPerMTok = 1.25, OutputPerMTok = 10, Description = "Strong at math." },
                ]);
                options.RouterModelId = "router";
                options.Pool.Add("model-a");
            },
            _ => router);
        var kernel = builder.Build();
        return (kernel, kernel.GetRequiredService<IChatCompletionService>());
    }

    /// <summary>
    /// A router that calls one model on its first turn and answers on its second, with usage, without I/O; as a
    /// route step it calls the model and selects its reply in one turn.
    /// </summary>
    private sealed class CannedRouter(string toolName, bool routeStep = false) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            bool replied = messages.Any(m => m.Role == ChatRole.Tool);
            AIContent call = new FunctionCallContent("call_1", toolName, new Dictionary<string, object?> { ["optimized_system_prompt"] = "Answer." });
            AIContent[] contents = replied ? [new TextContent("The answer is 42.")]
                : routeStep ? [call, new FunctionCallContent("call_2", "select_response", new Dictionary<string, object?> { ["model_call_name"] = toolName })]
                : [call];
            // Fresh usage per response: the function-invoking client sums the loop's usage into the first response's.
            return Task.FromResult(new ChatResponse(new AIChatMessage(ChatRole.Assistant, contents))
            {
                Usage = new() { InputTokenCount = 900, OutputTokenCount = 40, TotalTokenCount = 940 },
            });
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<AIChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}

/// <summary>A downstream model that answers at once, with usage.</summary>
internal sealed class CannedModel : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(new AIChatMessage(ChatRole.Assistant, "42")) { Usage = new() { InputTokenCount = 20, OutputTokenCount = 2, TotalTokenCount = 22 } });

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

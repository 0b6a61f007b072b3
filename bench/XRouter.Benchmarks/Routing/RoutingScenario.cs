using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.Policy.Catalog;
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

    private readonly ChatHistory _history;
    private readonly IChatCompletionService _bareLoop;
    private readonly Kernel _bareKernel;
    private readonly PromptExecutionSettings _bareSettings = new() { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
    private readonly IChatCompletionService _xrouter;
    private readonly Kernel _xrouterKernel;
    private readonly AIChatMessage[] _directMessages = [new(ChatRole.System, "Answer."), new(ChatRole.User, Query)];

    public RoutingScenario()
    {
        _history = [];
        _history.AddUserMessage(Query);
        Model = new CannedModel();

        _bareKernel = new Kernel();
        _bareKernel.Plugins.AddFromFunctions("models", [KernelFunctionFactory.CreateFromMethod(
            async (string optimized_system_prompt, CancellationToken cancellationToken) =>
                (await Model.GetResponseAsync([new(ChatRole.System, optimized_system_prompt), new(ChatRole.User, Query)], cancellationToken: cancellationToken)).Text,
            "call_model_a")]);
        _bareLoop = new ChatClientBuilder(new CannedRouter("models_call_model_a")).UseKernelFunctionInvocation().Build().AsChatCompletionService();

        var builder = Kernel.CreateBuilder();
        builder.Services.AddKeyedSingleton<IChatClient>("model-a", Model);
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
            _ => new CannedRouter("call_model_a"));
        _xrouterKernel = builder.Build();
        _xrouter = _xrouterKernel.GetRequiredService<IChatCompletionService>();
    }

    public CannedModel Model { get; }

    public Task<ChatResponse> DirectAsync() => Model.GetResponseAsync(_directMessages);

    public Task<ChatMessageContent> BareLoopAsync() => _bareLoop.GetChatMessageContentAsync(_history, _bareSettings, _bareKernel);

    public Task<ChatMessageContent> XRouterAsync() => _xrouter.GetChatMessageContentAsync(_history, kernel: _xrouterKernel);

    /// <summary>A router that calls one model on its first turn and answers on its second, with usage, without I/O.</summary>
    private sealed class CannedRouter(string toolName) : IChatClient
    {
        private static readonly UsageDetails s_usage = new() { InputTokenCount = 900, OutputTokenCount = 40, TotalTokenCount = 940 };

        public Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            bool replied = messages.Any(m => m.Role == ChatRole.Tool);
            AIContent content = replied
                ? new TextContent("The answer is 42.")
                : new FunctionCallContent("call_1", toolName, new Dictionary<string, object?> { ["optimized_system_prompt"] = "Answer." });
            return Task.FromResult(new ChatResponse(new AIChatMessage(ChatRole.Assistant, [content])) { Usage = s_usage });
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
    private static readonly UsageDetails s_usage = new() { InputTokenCount = 20, OutputTokenCount = 2, TotalTokenCount = 22 };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(new AIChatMessage(ChatRole.Assistant, "42")) { Usage = s_usage });

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

using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Services;
using XRouter.Policy.Catalog;
using XRouter.SemanticKernel.Budget;
using XRouter.SemanticKernel.Ledger;
using XRouter.SemanticKernel.Orchestration;
using XRouter.SemanticKernel.Pool;
using XRouter.SemanticKernel.Profiles;
using XRouter.SemanticKernel.Selection;
using XRouter.SemanticKernel.Settings;
using XRouter.SemanticKernel.Telemetry;

namespace XRouter.SemanticKernel.Services;

/// <summary>
/// The XRouter chat service: a router policy that answers by itself or calls downstream models as tools, run
/// by Semantic Kernel's own function-calling loop. It is both an <see cref="IChatCompletionService"/> and an
/// <see cref="IChatClient"/>. The final message carries the routing metadata (<c>xrouter.*</c> keys).
/// </summary>
public sealed partial class XRouterChatCompletionService : IChatCompletionService, IChatClient
{
    /// <summary>Metadata key: <c>direct</c>, <c>synthesize</c> or <c>select</c>.</summary>
    public const string ModeKey = "xrouter.mode";

    /// <summary>Metadata key: the request's total cost in USD, router included.</summary>
    public const string CostKey = "xrouter.cost_usd";

    /// <summary>Metadata key: the router's own cost in USD.</summary>
    public const string RouterCostKey = "xrouter.router_cost_usd";

    /// <summary>Metadata key: the downstream models' cost in USD.</summary>
    public const string DownstreamCostKey = "xrouter.downstream_cost_usd";

    /// <summary>Metadata key: one entry per priced call (model, input_tokens, output_tokens, cost_usd, latency_ms, status, ...).</summary>
    public const string CallsKey = "xrouter.calls";

    /// <summary>Metadata key: the router turns taken.</summary>
    public const string TurnsKey = "xrouter.turns";

    /// <summary>Metadata key: the tokens of every priced call of the request, router and downstream, as <see cref="UsageDetails"/>.</summary>
    public const string UsageKey = "xrouter.usage";

    /// <summary>The plugin that holds the functions a caller passes in <see cref="ChatOptions.Tools"/>; the router sees their own names.</summary>
    internal const string CallerToolsPluginName = "xrouterapp";

    private readonly ModelPool _pool;
    private readonly ModelCard _routerModel;
    private readonly RoutingDefaults _defaults;
    private readonly IChatClient _orchestrator;
    private readonly Kernel _defaultKernel;
    private readonly IAutoFunctionInvocationFilter[] _filters;
    private readonly IBudgetStore _budgets;
    private readonly XRouterInstruments _instruments;
    private int _disposed;

    internal XRouterChatCompletionService(
        IChatClient backbone,
        ModelPool pool,
        string routerModelId,
        RoutingDefaults defaults,
        Kernel defaultKernel,
        IBudgetStore budgets,
        ILoggerFactory? loggerFactory,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        _budgets = budgets;
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(defaultKernel);
        loggerFactory ??= NullLoggerFactory.Instance;
        _pool = pool;
        _routerModel = pool.Catalog.TryGet(routerModelId, out var card)
            ? card
            : throw new XRouterException($"The router model '{routerModelId}' (XRouter:RouterModelId) is not in the catalog, so its tokens cannot be priced.");
        _defaults = defaults;
        _defaultKernel = defaultKernel;
        _instruments = new XRouterInstruments(meterFactory);
        // A profile that lets a router write no system prompt needs no check of it on every call.
        _filters =
        [
            new AppFunctionCallFilter(),
            new SelectResponseFilter(),
            new RouteStepFilter(),
            .. pool.Profile.MissingSystemPromptResult is null ? [] : new IAutoFunctionInvocationFilter[] { new RequiredSystemPromptFilter(pool) },
            new BudgetGuardFilter(pool),
            new CostLedgerFilter(pool, defaults.EstimateMissingUsage, _instruments, loggerFactory.CreateLogger<CostLedgerFilter>()),
        ];

        _orchestrator = new ChatClientBuilder(backbone)
            .UseKernelFunctionInvocation(loggerFactory)
            .Use(inner => new InvalidToolCallRetryChatClient(inner))
            .Use(inner => new TurnLimitChatClient(inner))
            .Use(inner => new RouterLedgerChatClient(inner, _routerModel, defaults.RouterMaxOutputTokens, defaults.EstimateMissingUsage, _instruments))
            .Use(inner => new ToolNameMappingChatClient(inner, pool, CallerToolsPluginName))
            .Build();
        var invoker = _orchestrator.GetService<FunctionInvokingChatClient>()
            ?? throw new InvalidOperationException("SK's function-invoking client is missing from the pipeline.");
        invoker.AllowConcurrentInvocation = true;

        // Turns are capped per request by TurnLimitChatClient; this only stops a runaway loop.
        invoker.MaximumIterationsPerRequest = 64;
        Attributes = new Dictionary<string, object?> { [AIServiceExtensions.ModelIdKey] = _routerModel.Id };
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> Attributes { get; }

    /// <summary>The models the router may call, in catalog order.</summary>
    public IReadOnlyList<ModelCard> Pool => _pool.Models;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chatHistory);
        return [await RouteAsync(chatHistory, executionSettings, kernel, callerTools: null, cancellationToken).ConfigureAwait(false)];
    }

    /// <inheritdoc />
    public IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chatHistory);
        return RouteStreamingAsync(chatHistory, executionSettings, kernel, callerTools: null, cancellationToken);
    }

    private async Task<ChatMessageContent> RouteAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings, Kernel? kernel, IReadOnlyList<AIFunction>? callerTools, CancellationToken cancellationToken)
    {
        var plan = Prepare(chatHistory, executionSettings, kernel, stream: null, callerTools);
        using var activity = XRouterInstruments.StartRequest(_routerModel.Id);
        var response = await _orchestrator.GetResponseAsync(plan.Messages, plan.Options, cancellationToken).ConfigureAwait(false);
        string routerText = response.Messages.Count > 0 ? response.Messages[^1].Text : string.Empty;
        return Finish(plan.Request, routerText, activity);
    }

    private async IAsyncEnumerable<StreamingChatMessageContent> RouteStreamingAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings, Kernel? kernel, IReadOnlyList<AIFunction>? callerTools, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<StreamingChatMessageContent>(new UnboundedChannelOptions { SingleReader = true });
        var stream = new ReplyStream(channel.Writer);
        var plan = Prepare(chatHistory, executionSettings, kernel, stream, callerTools);
        using var activity = XRouterInstruments.StartRequest(_routerModel.Id);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var routerText = new System.Text.StringBuilder();

        // The loop and a routed model both write to the caller: the loop the router's text, a routed model its reply
        // while the loop waits for that call to end. Tool calls and tool results stay inside the loop.
        async Task RunLoopAsync()
        {
            try
            {
                await foreach (var update in _orchestrator.GetStreamingResponseAsync(plan.Messages, plan.Options, stop.Token).ConfigureAwait(false))
                {
                    if (plan.Request.Selected is null && update.Role != ChatRole.Tool && update.Text is { Length: > 0 } text)
                    {
                        routerText.Append(text);
                        channel.Writer.TryWrite(new StreamingChatMessageContent(AuthorRole.Assistant, text, modelId: _routerModel.Id));
                    }
                }

                channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
            }
        }

        var loop = RunLoopAsync();
        try
        {
            await foreach (var update in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(false);
        }

        // A selected reply that was not streamed as it was generated (it is a tool result to the loop) comes last.
        var final = Finish(plan.Request, routerText.ToString(), activity);
        yield return new StreamingChatMessageContent(
            AuthorRole.Assistant,
            plan.Request.Selected is not null && !stream.HasWritten ? final.Content : null,
            modelId: _routerModel.Id,
            metadata: final.Metadata);
    }

    /// <summary>
    /// Returns this service, its <see cref="ChatClientMetadata"/>, or, asked for an <see cref="IChatClient"/> keyed by a
    /// pool model's catalog id, that model's downstream client (for hosts that route a request straight to one model).
    /// </summary>
    object? IChatClient.GetService(Type serviceType, object? serviceKey) =>
        serviceKey is string modelId && serviceType == typeof(IChatClient) ? (_pool.TryGetClient(modelId, out var client) ? client : null)
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(nameof(XRouter), defaultModelId: _routerModel.Id)
        : null;

    /// <summary>Disposes the loop and the backbone it owns (a local ONNX model holds native memory). Safe to call more than once.</summary>
    void IDisposable.Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _orchestrator.Dispose();
            _instruments.Dispose();
        }
    }

    private RequestPlan Prepare(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings, Kernel? kernel, ReplyStream? stream = null, IReadOnlyList<AIFunction>? callerTools = null)
    {
        var settings = XRouterPromptExecutionSettings.FromExecutionSettings(executionSettings);
        string query = chatHistory.LastOrDefault(m => m.Role == AuthorRole.User)?.Content
            ?? throw new ArgumentException("The chat history has no user message to route.", nameof(chatHistory));
        var allowed = AllowedModels(settings);
        int maxTurns = settings.MaxTurns ?? _defaults.MaxTurns;
        double costPenalty = settings.CostPenalty ?? _defaults.CostPenalty;

        var requestKernel = (kernel ?? _defaultKernel).Clone();
        if (!requestKernel.Plugins.Contains(ModelPool.PluginName))
        {
            requestKernel.Plugins.Add(_pool.Plugin);
        }

        HashSet<string>? declaredOnly = null;
        if (callerTools is { Count: > 0 })
        {
            var callerFunctions = callerTools.Select(t => (Tool: t, Function: t.AsKernelFunction())).ToList();
            requestKernel.Plugins.Add(KernelPluginFactory.CreateFromFunctions(CallerToolsPluginName, callerFunctions.Select(f => f.Function)));
            declaredOnly = [.. callerFunctions.Where(f => f.Tool is CallerDeclaredFunction).Select(f => f.Function.Name)];
        }

        foreach (var filter in _filters)
        {
            requestKernel.AutoFunctionInvocationFilters.Add(filter);
        }

        // The model tools are always offered; the caller's function choice applies to the application's own functions.
        var (appFunctions, required, autoInvoke) = AppFunctions(settings.FunctionChoiceBehavior, requestKernel, chatHistory);

        string appSystemPrompt = RouterProfile.ApplicationSystem(chatHistory);
        var routerHistory = _pool.Profile.RouterHistory(chatHistory, costPenalty, maxTurns);

        var request = new RoutingRequest(query, maxTurns, new RequestBudget(settings.MaxCostUsd ?? _defaults.MaxCostUsd, _budgets, settings.BudgetAccount))
        {
            Stream = stream,
            AppSystemPrompt = appSystemPrompt,
            InvokesAppFunctions = autoInvoke,
            CallerDeclaredFunctions = (IReadOnlySet<string>?)declaredOnly ?? FrozenSet<string>.Empty,
            CallerMaxOutputTokens = MaxTokens(settings),
        };
        requestKernel.Data[RoutingRequest.Key] = request;

        // The backbone gets the caller's sampling settings (SK's conversion reads them from the extension data).
        var routerSettings = new PromptExecutionSettings
        {
            ModelId = settings.ModelId,
            ExtensionData = WithoutXRouterSettings(settings.ExtensionData),
            FunctionChoiceBehavior = appFunctions.Count == 0 ? null
                : required ? FunctionChoiceBehavior.Required(appFunctions, autoInvoke: true)
                : FunctionChoiceBehavior.Auto(appFunctions, autoInvoke: true),
        };

        // SK's conversion binds each application function to the request's kernel, as SK's own loop does. The model
        // tools are the pool's functions, built once: they run through the same filters with the request's kernel,
        // which the options carry, so they need no per-request copy.
        var options = routerSettings.ToChatOptions(requestKernel);
        options.ToolMode ??= required ? ChatToolMode.RequireAny : ChatToolMode.Auto;
        options.Tools = OfferedTools(allowed, options.Tools);

        // The request's lambda under a key a policy reads; the request itself travels with the loop's options (and in
        // the request's kernel), never ambiently.
        var properties = options.AdditionalProperties ??= [];
        properties[Policy.Routing.RoutingPolicyChatClient.CostPenaltyProperty] = costPenalty;
        if (appSystemPrompt.Length > 0)
        {
            properties[Policy.Routing.RoutingPolicyChatClient.SystemMessageProperty] = appSystemPrompt;
        }

        properties[RoutingRequest.Key] = request;
        return new RequestPlan(request, routerHistory, options);
    }

    /// <summary>The caller's extension data less XRouter's own settings, which are the router's and not the backbone's.</summary>
    private static IDictionary<string, object>? WithoutXRouterSettings(IDictionary<string, object>? data)
    {
        if (data is null || !data.Keys.Any(XRouterSettingKeys.Contains))
        {
            return data;
        }

        var others = new Dictionary<string, object>(data.Count);
        foreach (var (key, value) in data)
        {
            if (!XRouterSettingKeys.Contains(key))
            {
                others[key] = value;
            }
        }

        return others;
    }

    /// <summary>The tools offered to the router: the pool's model tools this request may call and <c>select_response</c>, then the application's.</summary>
    private List<AITool> OfferedTools(HashSet<string>? allowed, IList<AITool>? appTools)
    {
        var tools = new List<AITool>(_pool.Functions.Count + (appTools?.Count ?? 0));
        foreach (var function in _pool.Functions)
        {
            if (allowed is null || function.Name == Policy.Routing.ModelToolNames.SelectResponse || allowed.Contains(function.Name))
            {
                tools.Add(function);
            }
        }

        tools.AddRange(appTools ?? []);
        return tools;
    }

    /// <summary>
    /// The application's functions the router may call, by the caller's <see cref="FunctionChoiceBehavior"/>: all of
    /// them when none is set; the chosen ones for Auto or Required; none for None. With auto-invocation off they are
    /// offered but not run: a call to one ends the request and is returned to the caller (<see cref="AppFunctionCallFilter"/>).
    /// </summary>
    private static (List<KernelFunction> Functions, bool Required, bool AutoInvoke) AppFunctions(FunctionChoiceBehavior? behavior, Kernel kernel, ChatHistory history)
    {
        if (behavior is null)
        {
            var all = new List<KernelFunction>();
            foreach (var plugin in kernel.Plugins)
            {
                if (plugin.Name != ModelPool.PluginName)
                {
                    all.AddRange(plugin);
                }
            }

            return (all, false, true);
        }

        var configuration = behavior.GetConfiguration(new FunctionChoiceBehaviorConfigurationContext(history) { Kernel = kernel });
        if (configuration.Choice == FunctionChoice.None)
        {
            return ([], false, true);
        }

        return ([.. (configuration.Functions ?? []).Where(f => !ModelPool.Owns(f))], configuration.Choice == FunctionChoice.Required, configuration.AutoInvoke);
    }

    /// <summary>The caller's output cap (<c>max_tokens</c>), which also caps every downstream reply it may receive verbatim.</summary>
    private static int? MaxTokens(XRouterPromptExecutionSettings settings) =>
        settings.ExtensionData is { } data && XRouterPromptExecutionSettings.ReadDouble(data, "max_tokens") is double tokens ? checked((int)tokens) : null;

    /// <summary>The tool names of the models this request may call; null when it may call the whole pool.</summary>
    private HashSet<string>? AllowedModels(XRouterPromptExecutionSettings settings) =>
        settings.AllowedModels?.Select(id => _pool.TryGetToolName(id, out string? tool)
            ? tool
            : throw new ArgumentException(
                $"allowed_models names '{id}', which is not in the XRouter pool. Pool: {string.Join(", ", _pool.Models.Select(m => m.Id))}.",
                nameof(settings))).ToHashSet(StringComparer.Ordinal);

    private ChatMessageContent Finish(RoutingRequest request, string routerText, System.Diagnostics.Activity? activity)
    {
        var calls = request.Ledger.Calls;
        var callMetadata = new List<IReadOnlyDictionary<string, object?>>(calls.Count);
        double routerCost = 0, downstreamCost = 0;
        long inputTokens = 0, outputTokens = 0;
        bool anyDownstream = false;

        // One pass over the ledger; each sum adds in call order, as the ledger recorded them.
        foreach (var call in calls)
        {
            callMetadata.Add(call.ToMetadata());
            if (call.Kind == CallKind.Router)
            {
                routerCost += call.CostUsd;
            }
            else
            {
                downstreamCost += call.CostUsd;
                anyDownstream = true;
            }

            inputTokens += call.InputTokens;
            outputTokens += call.OutputTokens;
        }

        string mode = request.Selected is not null ? "select" : anyDownstream ? "synthesize" : "direct";
        string text = request.Selected?.Text ?? routerText;
        var usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens, TotalTokenCount = inputTokens + outputTokens };
        var metadata = new Dictionary<string, object?>(MetadataCount)
        {
            [ModeKey] = mode,
            [CostKey] = routerCost + downstreamCost,
            [RouterCostKey] = routerCost,
            [DownstreamCostKey] = downstreamCost,
            [CallsKey] = callMetadata,
            [TurnsKey] = request.Turns,
            ["xrouter.selected_model"] = request.Selected?.ModelId,
            ["xrouter.turn_limit_reached"] = request.TurnLimitReached,
            ["xrouter.budget_exhausted"] = request.BudgetExhausted,
            [UsageKey] = usage,
        };
        activity?.SetTag(ModeKey, mode)
            .SetTag(CostKey, routerCost + downstreamCost)
            .SetTag(RouterCostKey, routerCost)
            .SetTag(DownstreamCostKey, downstreamCost)
            .SetTag(TurnsKey, request.Turns)
            .SetTag("xrouter.selected_model", request.Selected?.ModelId)
            .SetTag("gen_ai.usage.input_tokens", usage.InputTokenCount)
            .SetTag("gen_ai.usage.output_tokens", usage.OutputTokenCount);
        var message = new ChatMessageContent(AuthorRole.Assistant, text, _routerModel.Id, metadata: metadata);
        foreach (var call in request.AppFunctionCalls)
        {
            message.Items.Add(call);
        }

        return message;
    }

    /// <summary>How many keys the final message's metadata has.</summary>
    private const int MetadataCount = 10;

    private static readonly HashSet<string> XRouterSettingKeys = new(StringComparer.OrdinalIgnoreCase) { "cost_penalty", "max_cost_usd", "max_turns", "allowed_models", "budget_account" };

    private sealed record RequestPlan(RoutingRequest Request, IList<ChatMessage> Messages, ChatOptions Options);
}

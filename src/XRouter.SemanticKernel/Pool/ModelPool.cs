using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using XRouter.Policy.Catalog;
using XRouter.Policy.Routing;
using XRouter.SemanticKernel.Budget;
using XRouter.SemanticKernel.Orchestration;
using XRouter.SemanticKernel.Profiles;
using XRouter.SemanticKernel.Selection;

namespace XRouter.SemanticKernel.Pool;

/// <summary>
/// The downstream models a router may call: one kernel function <c>call_&lt;model_id&gt;</c> per priced model
/// with a client, plus <c>select_response</c>, in one plugin. Built once at start-up and checked then: every
/// model is priced, reachable, and has a tool name no other model shares.
/// </summary>
internal sealed class ModelPool
{
    /// <summary>The plugin name; SK advertises its functions to the router as <c>xrouter_call_...</c>.</summary>
    public const string PluginName = "xrouter";

    /// <summary>How SK's loop qualifies the pool's function names: <c>xrouter_call_gpt_5</c>.</summary>
    public const string QualifiedPrefix = PluginName + "_";

    private readonly Dictionary<string, string> _modelByTool;
    private readonly Dictionary<string, string> _toolByModel;
    private readonly Dictionary<string, IChatClient> _clients;
    private readonly Dictionary<string, string> _providers;
    private readonly Dictionary<AITool, AIFunctionDeclaration> _backboneTools;
    private readonly Dictionary<string, KernelFunction> _functionsByBackboneName;

    public ModelPool(ModelCatalog catalog, IReadOnlyDictionary<string, IChatClient> clients, int maxOutputTokens, RouterProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(clients);
        if (clients.Count == 0)
        {
            throw new XRouterException("The XRouter model pool is empty: configure XRouter:Models or register an IChatClient keyed by a catalog model id.");
        }

        foreach (string id in clients.Keys)
        {
            if (!catalog.TryGet(id, out _))
            {
                throw new XRouterException($"Model '{id}' has an endpoint but no price in the catalog; add it to the catalog or remove it from the pool.");
            }
        }

        Catalog = catalog;
        Profile = profile ?? new DefaultRouterProfile();
        MaxOutputTokens = maxOutputTokens;
        _clients = new Dictionary<string, IChatClient>(clients, StringComparer.Ordinal);
        _providers = clients.ToDictionary(p => p.Key, p => p.Value.GetService<ChatClientMetadata>()?.ProviderName ?? "unknown", StringComparer.Ordinal);
        IReadOnlyDictionary<string, string> toolByModel;
        try
        {
            toolByModel = ModelToolNames.ToolNameByModel(clients.Keys);
        }
        catch (ArgumentException e)
        {
            throw new XRouterException(e.Message, e);
        }

        _toolByModel = new Dictionary<string, string>(toolByModel, StringComparer.Ordinal);
        _modelByTool = toolByModel.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        Models = [.. catalog.Models.Where(c => clients.ContainsKey(c.Id))];
        Plugin = KernelPluginFactory.CreateFromFunctions(
            PluginName,
            "Downstream models the router can call, and select_response.",
            [.. Models.Select(card => CreateModelFunction(card, toolByModel[card.Id])), SelectResponseFunction.Create(this)]);
        Functions = [.. Plugin];
        _backboneTools = Functions.ToDictionary<KernelFunction, AITool, AIFunctionDeclaration>(
            f => f, f => AIFunctionFactory.CreateDeclaration(f.Name, f.Description, f.JsonSchema), ReferenceEqualityComparer.Instance);
        _functionsByBackboneName = Functions.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public ModelCatalog Catalog { get; }

    /// <summary>The provider name of a pool model's client, for telemetry.</summary>
    public string ProviderOf(string modelId) => _providers[modelId];

    /// <summary>The router protocol whose text the pool's tools carry.</summary>
    public RouterProfile Profile { get; }

    /// <summary>The pool's models, in catalog order.</summary>
    public IReadOnlyList<ModelCard> Models { get; }

    public KernelPlugin Plugin { get; }

    /// <summary>The plugin's functions in order, the model tools then <c>select_response</c>: the tools the loop offers the router.</summary>
    public IReadOnlyList<KernelFunction> Functions { get; }

    public int MaxOutputTokens { get; }

    /// <summary>The output-token cap sent to <paramref name="card"/>: the smaller of the pool's and the card's.</summary>
    public int MaxOutputTokensFor(ModelCard card) => Math.Min(MaxOutputTokens, card.MaxOutputTokens ?? int.MaxValue);

    /// <summary>Finds the model behind a tool name such as <c>call_gpt_5</c>.</summary>
    public bool TryGetModel(string toolName, [NotNullWhen(true)] out ModelCard? card)
    {
        card = null;
        return _modelByTool.TryGetValue(toolName, out string? id) && Catalog.TryGet(id, out card);
    }

    /// <summary>Finds the tool name of a pool model, such as <c>call_gpt_5</c> for <c>gpt-5</c>.</summary>
    public bool TryGetToolName(string modelId, [NotNullWhen(true)] out string? toolName) => _toolByModel.TryGetValue(modelId, out toolName);

    /// <summary>Finds the declaration the backbone is shown for one of <see cref="Functions"/>: its trained name (<c>call_gpt_5</c>), not the loop's.</summary>
    public bool TryGetBackboneTool(AITool tool, [NotNullWhen(true)] out AIFunctionDeclaration? declaration) => _backboneTools.TryGetValue(tool, out declaration);

    /// <summary>Finds the pool function the backbone calls by the name it is shown (<c>call_gpt_5</c>, <c>select_response</c>).</summary>
    public bool TryGetFunction(string backboneName, [NotNullWhen(true)] out KernelFunction? function) => _functionsByBackboneName.TryGetValue(backboneName, out function);

    /// <summary>Finds the downstream client of a pool model by its catalog id.</summary>
    public bool TryGetClient(string modelId, [NotNullWhen(true)] out IChatClient? client) => _clients.TryGetValue(modelId, out client);

    /// <summary>A routed call: the reply goes to the caller chunk by chunk as generated, and is returned whole, with its final usage, for the ledger.</summary>
    private static async Task<ChatResponse> StreamToCallerAsync(
        IChatClient client, ChatMessage[] messages, ChatOptions options, ReplyStream stream, string modelId, CancellationToken cancellationToken)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            if (update.Text is { Length: > 0 } text)
            {
                stream.Write(text, modelId);
            }
        }

        return updates.ToChatResponse();
    }

    /// <summary>True for this pool's own functions (model tools and select_response), not the application's.</summary>
    public static bool Owns(KernelFunction function) => function.PluginName == PluginName;

    private KernelFunction CreateModelFunction(ModelCard card, string toolName)
    {
        var client = _clients[card.Id];
        int maxOutputTokens = MaxOutputTokensFor(card);

        async Task<ChatResponse> CallAsync(Kernel kernel, KernelArguments arguments, string? optimized_system_prompt = null, double? temperature = null, CancellationToken cancellationToken = default)
        {
            var request = RoutingRequest.Require(kernel, toolName);
            var options = new ChatOptions
            {
                // The budget guard lowers the cap when the request's remaining budget cannot afford the full one.
                MaxOutputTokens = arguments.TryGetValue(CallBudget.ArgumentKey, out object? budget) && budget is CallBudget b ? b.MaxOutputTokens : maxOutputTokens,
                Temperature = Profile.DownstreamTemperature(card, temperature is double t ? (float)t : null),
            };
            // A router that writes no system prompt (a routing policy) leaves the application's own in force.
            string system = string.IsNullOrWhiteSpace(optimized_system_prompt) ? request.AppSystemPrompt : optimized_system_prompt;
            ChatMessage[] messages = system.Length > 0
                ? [new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, request.UserQuery)]
                : [new ChatMessage(ChatRole.User, request.UserQuery)];
            if (arguments.TryGetValue(ReplyStream.ArgumentKey, out object? sink) && sink is ReplyStream stream)
            {
                return await StreamToCallerAsync(client, messages, options, stream, card.Id, cancellationToken).ConfigureAwait(false);
            }

            return await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        return KernelFunctionFactory.CreateFromMethod(
            CallAsync,
            toolName,
            Profile.ToolDescription(card),
            [
                new KernelParameterMetadata(ModelToolNames.SystemPromptArgument)
                {
                    Description = Profile.SystemPromptArgumentDescription,
                    ParameterType = typeof(string),
                    IsRequired = true,
                },
                new KernelParameterMetadata(ModelToolNames.TemperatureArgument)
                {
                    Description = Profile.TemperatureArgumentDescription,
                    ParameterType = typeof(double?),
                    IsRequired = false,
                },
            ],
            new KernelReturnParameterMetadata { Description = "The model's reply.", ParameterType = typeof(string) });
    }
}

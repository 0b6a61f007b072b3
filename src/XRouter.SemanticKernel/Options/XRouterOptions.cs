using XRouter.Policy.Catalog;
using XRouter.Onnx;

namespace XRouter.SemanticKernel.Options;

/// <summary>
/// XRouter's settings, bound from the configuration section <c>XRouter</c> and validated at start-up.
/// </summary>
public sealed class XRouterOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "XRouter";

    /// <summary>Path of the catalog JSON file (prices per 1M tokens). Required unless <see cref="Catalog"/> is set in code.</summary>
    public string? CatalogPath { get; set; }

    /// <summary>A catalog given in code; it takes precedence over <see cref="CatalogPath"/>.</summary>
    public ModelCatalog? Catalog { get; set; }

    /// <summary>An OpenAI-compatible endpoint serving the router model (for example xRouter-7B on vLLM), used when no backbone client is given in code.</summary>
    public ModelEndpointOptions? Backbone { get; set; }

    /// <summary>
    /// A local router model run by ONNX Runtime from an ONNX Runtime GenAI model folder; the alternative to
    /// <see cref="Backbone"/>. Its router turns are capped by <see cref="RouterMaxOutputTokens"/>, which every turn sends.
    /// </summary>
    public OnnxDecoderOptions? OnnxBackbone { get; set; }

    /// <summary>
    /// An OpenAI-compatible endpoint serving the router model (<see cref="RouterModelId"/>), with which the default
    /// learned router writes direct answers: with it, the learned router may answer a query itself instead of calling
    /// a pool model, priced as the router's tokens. Not for an LLM backbone, which answers directly on its own.
    /// </summary>
    public ModelEndpointOptions? DirectAnswer { get; set; }

    /// <summary>
    /// The router protocol: <c>default</c> (our prompt, for generic tool-calling LLM routers) or <c>xrouter</c> (the
    /// published xRouter prompt, framing, tool descriptions and error strings, byte for byte, for the released weights).
    /// </summary>
    public string Profile { get; set; } = "default";

    /// <summary>The catalog id of the router model itself, so that its tokens are priced like any other call.</summary>
    public string RouterModelId { get; set; } = string.Empty;

    /// <summary>Downstream endpoints by catalog model id. A model with no endpoint here needs an <c>IChatClient</c> registered under its id.</summary>
    public IDictionary<string, ModelEndpointOptions> Models { get; } = new Dictionary<string, ModelEndpointOptions>(StringComparer.Ordinal);

    /// <summary>The model ids the router may call; empty means every model of <see cref="Models"/>.</summary>
    public IList<string> Pool { get; } = [];

    /// <summary>Most router turns per request (default 3, as xRouter was trained).</summary>
    public int MaxTurns { get; set; } = 3;

    /// <summary>The output-token cap sent with every downstream call; a model card's own smaller cap wins.</summary>
    public int DownstreamMaxOutputTokens { get; set; } = 4096;

    /// <summary>The most a request may spend in USD, router included, when it does not set <c>max_cost_usd</c>; null means no limit.</summary>
    public double? DefaultMaxCostUsd { get; set; }

    /// <summary>
    /// Limits in USD of the budget accounts that requests share, by account name; a request draws on one by its
    /// <c>budget_account</c> setting. Used by the in-process store, unless an <c>IBudgetStore</c> is registered.
    /// </summary>
    public IDictionary<string, double> SharedBudgets { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>
    /// The output-token cap of one router turn (default 1024), with or without a cost budget; a request's own smaller
    /// <c>max_tokens</c> wins, and under a budget the cap is lowered to what the budget affords.
    /// </summary>
    public int RouterMaxOutputTokens { get; set; } = 1024;

    /// <summary>The cost penalty (lambda) used when a request does not set one.</summary>
    public double DefaultCostPenalty { get; set; } = 1.0;

    /// <summary>
    /// When a downstream reply carries no token usage: false (default) makes it an error; true estimates usage
    /// from the text and flags the call as estimated.
    /// </summary>
    public bool EstimateMissingUsage { get; set; }
}

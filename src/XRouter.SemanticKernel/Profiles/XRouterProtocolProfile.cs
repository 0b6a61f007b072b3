using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.Policy.Catalog;
using XRouter.Policy.Routing;

namespace XRouter.SemanticKernel.Profiles;

/// <summary>
/// The protocol the released xRouter weights were trained on (SalesforceAIResearch/xRouter, Apache-2.0; see
/// <c>Profiles/Resources/NOTICE.md</c>): the published system prompt, the caller's conversation framed as one
/// <c>USER QUERY</c> message, the published tool descriptions and error strings. The one deliberate change is
/// that a description's <c>Cost:</c> line carries the catalog's live prices; it is byte-identical whenever they
/// equal the published ones.
/// </summary>
internal sealed partial class XRouterProtocolProfile : RouterProfile
{
    /// <summary>A system message longer than this moves into the query, as the published serving code does.</summary>
    public const int MaxSystemMessageLength = 4096;

    private const string SelectTool = "select_response";
    private readonly string _systemPrompt;
    private readonly Dictionary<string, PublishedTool> _tools;

    private XRouterProtocolProfile()
    {
        _systemPrompt = ReadResource("xrouter-system-prompt.txt");
        using var document = JsonDocument.Parse(ReadResource("xrouter-tools.json"));
        _tools = document.RootElement.GetProperty("tools").EnumerateObject().ToDictionary(
            tool => tool.Name,
            tool => new PublishedTool(
                tool.Value.GetProperty("description").GetString()!,
                tool.Value.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)),
            StringComparer.Ordinal);
    }

    public static XRouterProtocolProfile Instance { get; } = new();

    /// <summary>The published system prompt, verbatim.</summary>
    public string SystemPrompt => _systemPrompt;

    public override string SystemPromptArgumentDescription => _tools["call_gpt_5"].Parameters[ModelToolNames.SystemPromptArgument];

    public override string TemperatureArgumentDescription => _tools["call_gpt_5"].Parameters[ModelToolNames.TemperatureArgument];

    public override string SelectDescription => _tools[SelectTool].Description;

    public override string ModelCallNameDescription => _tools[SelectTool].Parameters[ModelToolNames.ModelCallNameArgument];

    /// <summary>
    /// System, then one user message: <c>"USER QUERY: \n" + query</c>, or <c>"USER SYSTEM: \n" + system +
    /// "\nUSER QUERY: \n" + query</c> when the caller has system messages. The caller's user messages are joined
    /// by newlines; its assistant turns are dropped, as the published serving code drops them.
    /// </summary>
    public override List<ChatMessage> RouterHistory(ChatHistory callerHistory, double costPenalty, int maxTurns)
    {
        ArgumentNullException.ThrowIfNull(callerHistory);
        var systems = callerHistory.Where(m => m.Role == AuthorRole.System).Select(m => m.Content ?? string.Empty).ToList();
        string system = string.Join("\n", systems.Where(s => s.Length <= MaxSystemMessageLength));
        string query = string.Join("\n", [
            .. systems.Where(s => s.Length > MaxSystemMessageLength),
            .. callerHistory.Where(m => m.Role == AuthorRole.User).Select(m => m.Content ?? string.Empty)]);
        return
        [
            new(ChatRole.System, _systemPrompt),
            new(ChatRole.User, system.Length > 0 ? "USER SYSTEM: \n" + system + "\nUSER QUERY: \n" + query : "USER QUERY: \n" + query),
        ];
    }

    public override string ToolDescription(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        string cost = string.Create(CultureInfo.InvariantCulture, $"Cost: ${card.InputPerMTok:0.00}/M input tokens, ${card.OutputPerMTok:0.00}/M output tokens");
        if (_tools.TryGetValue(ModelToolNames.ForModel(card.Id), out var published))
        {
            return CostLine().Replace(published.Description, match => SamePrice(match, card) ? match.Value : cost, 1);
        }

        var text = new System.Text.StringBuilder($"Call {card.Id} model. {card.Description?.Trim()}".TrimEnd());
        text.Append("\n\n");
        if (card.Tier != ModelTier.Unspecified)
        {
            text.Append(CultureInfo.InvariantCulture, $"        Quality: {card.Tier} tier\n");
        }

        text.Append("        ").Append(cost);
        if (card.ContextWindow is int context)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n        Context: {context:N0} tokens");
        }

        if (card.MaxOutputTokens is int maxOutput)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n        Max Output: {maxOutput:N0} tokens");
        }

        return text.ToString();
    }

    public override string SelectNotFound(string requested, string toolName, bool isPoolModel, IReadOnlyCollection<string> called) =>
        $"Error calling select_response: {requested} not found in the conversation context.";

    public override string UnknownToolResult => "Error: This tool is not given. You cannot call this tool.";

    public override string MissingSystemPromptResult => "optimized_system_prompt is required when calling the tool.";

    /// <summary>The published runtime sends temperature 1 to o-series and GPT-5 models, whatever the router asked.</summary>
    public override float? DownstreamTemperature(ModelCard card, float? requested)
    {
        ArgumentNullException.ThrowIfNull(card);
        return OSeriesOrGpt5().IsMatch(card.Id) ? 1f : requested;
    }

    private static bool SamePrice(Match match, ModelCard card) =>
        double.Parse(match.Groups["in"].Value, CultureInfo.InvariantCulture) == card.InputPerMTok
        && double.Parse(match.Groups["out"].Value, CultureInfo.InvariantCulture) == card.OutputPerMTok;

    private static string ReadResource(string name)
    {
        using var stream = typeof(XRouterProtocolProfile).Assembly.GetManifestResourceStream("XRouter.Profiles." + name)
            ?? throw new InvalidOperationException($"The embedded resource XRouter.Profiles.{name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"Cost: \$(?<in>[0-9.]+)/M input tokens, \$(?<out>[0-9.]+)/M output tokens")]
    private static partial Regex CostLine();

    [GeneratedRegex(@"^(o[0-9]|gpt-5)", RegexOptions.IgnoreCase)]
    private static partial Regex OSeriesOrGpt5();

    private sealed record PublishedTool(string Description, Dictionary<string, string> Parameters);
}

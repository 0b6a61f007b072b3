using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.Policy.Catalog;

namespace XRouter.SemanticKernel.Profiles;

/// <summary>
/// What the router model is shown and told: its system prompt, how the caller's conversation is framed, the
/// descriptions of its tools and the errors it reads. A profile changes only text, never the loop, so a model
/// trained on one protocol (the released xRouter weights) sees exactly that protocol. Selected by
/// <c>XRouter:Profile</c>.
/// </summary>
internal abstract class RouterProfile
{
    /// <summary>Our own prompt, written for generic tool-calling LLM routers (the default).</summary>
    public const string DefaultName = "default";

    /// <summary>The published xRouter protocol, byte for byte.</summary>
    public const string XRouterName = "xrouter";

    public static IReadOnlyList<string> Names { get; } = [DefaultName, XRouterName];

    /// <exception cref="ArgumentException">When no profile has that name.</exception>
    public static RouterProfile For(string? name) => name switch
    {
        null or "" or DefaultName => new DefaultRouterProfile(),
        XRouterName => XRouterProtocolProfile.Instance,
        _ => throw new ArgumentException($"XRouter:Profile '{name}' is unknown; use one of: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The router's conversation: its system prompt and the caller's turns, framed as this profile frames them.</summary>
    public abstract List<ChatMessage> RouterHistory(ChatHistory callerHistory, double costPenalty, int maxTurns);

    /// <summary>The description of the tool that calls <paramref name="card"/>.</summary>
    public abstract string ToolDescription(ModelCard card);

    /// <summary>The description of a model tool's <c>optimized_system_prompt</c> argument.</summary>
    public abstract string SystemPromptArgumentDescription { get; }

    /// <summary>The description of a model tool's <c>temperature</c> argument.</summary>
    public abstract string TemperatureArgumentDescription { get; }

    /// <summary>The description of <c>select_response</c>.</summary>
    public abstract string SelectDescription { get; }

    /// <summary>The description of <c>select_response</c>'s <c>model_call_name</c> argument.</summary>
    public abstract string ModelCallNameDescription { get; }

    /// <summary>The tool result of a <c>select_response</c> naming no reply of this request.</summary>
    /// <param name="requested">The name as the router wrote it.</param>
    /// <param name="toolName">It as a <c>call_&lt;model&gt;</c> tool name.</param>
    /// <param name="isPoolModel">Whether the name is one of the pool's model tools.</param>
    /// <param name="called">The model tools that have replied so far.</param>
    public abstract string SelectNotFound(string requested, string toolName, bool isPoolModel, IReadOnlyCollection<string> called);

    /// <summary>The tool result the router reads after calling a tool it was not offered; null keeps SK's own text.</summary>
    public virtual string? UnknownToolResult => null;

    /// <summary>
    /// The tool result of a model call that carries no <c>optimized_system_prompt</c>; null when the profile lets a
    /// router write none (the model then gets the application's system message).
    /// </summary>
    public virtual string? MissingSystemPromptResult => null;

    /// <summary>The temperature sent to <paramref name="card"/> when the router asked for <paramref name="requested"/>.</summary>
    public virtual float? DownstreamTemperature(ModelCard card, float? requested) => requested;

    /// <summary>The caller's system messages, joined by blank lines.</summary>
    public static string ApplicationSystem(ChatHistory history)
    {
        string? joined = null;
        for (int i = 0; i < history.Count; i++)
        {
            if (history[i].Role == AuthorRole.System)
            {
                joined = joined is null ? history[i].Content ?? string.Empty : joined + "\n\n" + history[i].Content;
            }
        }

        return joined ?? string.Empty;
    }
}

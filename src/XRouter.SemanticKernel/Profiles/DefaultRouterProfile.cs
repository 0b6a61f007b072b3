using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.Policy.Catalog;
using XRouter.SemanticKernel.Pool;
using XRouter.SemanticKernel.Prompting;

namespace XRouter.SemanticKernel.Profiles;

/// <summary>
/// Our own protocol for generic LLM routers: <see cref="RouterSystemPrompt"/> with the request's lambda and turn
/// budget, the caller's non-system turns as they are, and <see cref="ModelToolDescription"/>.
/// </summary>
internal sealed class DefaultRouterProfile : RouterProfile
{
    // The rendered prompt depends only on the application's system message, lambda and the turn cap, so it is
    // rendered once per distinct combination rather than per request.
    private readonly RouterPromptCache _prompts = new();

    public override string SystemPromptArgumentDescription => "The system prompt for this model, written for this query: role, what to produce, format, constraints.";

    public override string TemperatureArgumentDescription => "Sampling temperature from 0 to 2; lower for exact tasks.";

    public override string SelectDescription =>
        "Return one earlier model reply to the user verbatim as the final answer, with no further text from you. Use it when one reply already answers the query well.";

    public override string ModelCallNameDescription => "The tool name of the model call whose reply to return, for example call_gpt_5.";

    public override List<ChatMessage> RouterHistory(ChatHistory callerHistory, double costPenalty, int maxTurns)
    {
        var messages = new List<ChatMessage>(callerHistory.Count + 1) { new(ChatRole.System, _prompts.Get(ApplicationSystem(callerHistory), costPenalty, maxTurns)) };
        for (int i = 0; i < callerHistory.Count; i++)
        {
            if (callerHistory[i].Role != AuthorRole.System)
            {
                messages.Add(callerHistory[i].ToChatMessage());
            }
        }

        return messages;
    }

    public override string ToolDescription(ModelCard card) => ModelToolDescription.For(card);

    public override string SelectNotFound(string requested, string toolName, bool isPoolModel, IReadOnlyCollection<string> called)
    {
        string known = isPoolModel ? $"'{toolName}' has not replied in this request" : $"'{requested}' is not a model tool";
        return $"Error: {known}. " + (called.Count == 0
            ? "No model has replied yet: call one first, or answer directly."
            : $"Replies available: {string.Join(", ", called)}.");
    }
}

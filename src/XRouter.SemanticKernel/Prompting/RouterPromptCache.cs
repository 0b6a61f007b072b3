using System.Collections.Concurrent;

namespace XRouter.SemanticKernel.Prompting;

/// <summary>
/// The rendered router prompts of one service, by what they depend on (the application's system message, the
/// cost penalty, the turn cap), so that a configuration's prompt is rendered once rather than per request.
/// </summary>
internal sealed class RouterPromptCache
{
    /// <summary>Beyond this many distinct prompts (an application varying its system message per request) the cache starts over.</summary>
    private const int Capacity = 256;

    private readonly ConcurrentDictionary<(string System, double CostPenalty, int MaxTurns), string> _prompts = new();

    public string Get(string applicationSystemMessage, double costPenalty, int maxTurns)
    {
        var key = (applicationSystemMessage, costPenalty, maxTurns);
        if (_prompts.TryGetValue(key, out string? prompt))
        {
            return prompt;
        }

        if (_prompts.Count >= Capacity)
        {
            _prompts.Clear();
        }

        return _prompts.GetOrAdd(key, k => RouterSystemPrompt.Render(k.System, k.CostPenalty, k.MaxTurns));
    }
}

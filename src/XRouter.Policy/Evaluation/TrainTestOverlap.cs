using XRouter.Policy.Data;

namespace XRouter.Policy.Evaluation;

/// <summary>Prompts a training log shares with an evaluated one: choices made on them have seen the test answers.</summary>
public static class TrainTestOverlap
{
    /// <summary>The ids of the evaluated entries whose prompt (exactly, after trimming) also appears in training.</summary>
    /// <param name="train">The training entries.</param>
    /// <param name="evaluated">The evaluated entries.</param>
    public static IReadOnlyList<string> SharedPrompts(IEnumerable<RoutingLogEntry> train, IEnumerable<RoutingLogEntry> evaluated)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(evaluated);
        var prompts = train.Select(e => e.Prompt.Trim()).ToHashSet(StringComparer.Ordinal);
        return [.. evaluated.Where(e => prompts.Contains(e.Prompt.Trim())).Select(e => e.Id)];
    }
}

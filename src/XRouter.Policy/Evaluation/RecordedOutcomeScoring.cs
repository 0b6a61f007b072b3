using XRouter.Policy.Data;

namespace XRouter.Policy.Evaluation;

/// <summary>
/// How a routed query is scored and classified against its recorded outcomes. Every policy runner uses these,
/// so the fast and end-to-end paths cannot drift apart.
/// </summary>
public static class RecordedOutcomeScoring
{
    /// <summary>The decision kind of a query that called <paramref name="called"/> and ended by selecting a reply or not.</summary>
    /// <param name="called">The models called, a model called twice appearing twice.</param>
    /// <param name="selected">True when the answer was a reply selected verbatim.</param>
    public static DecisionKind Decision(IReadOnlyList<string> called, bool selected)
    {
        ArgumentNullException.ThrowIfNull(called);
        return selected
            ? (called.Distinct(StringComparer.Ordinal).Count() == 1 ? DecisionKind.Single : DecisionKind.Select)
            : called.Count switch { 0 => DecisionKind.Direct, 1 => DecisionKind.Single, _ => DecisionKind.MultiCall };
    }

    /// <summary>
    /// The score of an answer the router wrote itself. Offline only a recorded reply can be scored: an answer that
    /// repeats one verbatim takes its score.
    /// </summary>
    /// <exception cref="EvaluationException">The text matches no recorded reply.</exception>
    public static double ScoreOfAnswer(RoutingLogEntry entry, string policyName, string text)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Outcomes.Values.FirstOrDefault(o => o.Response == text)?.Score
            ?? throw new EvaluationException($"Policy '{policyName}' answered query '{entry.Id}' with its own text, which the recorded outcomes cannot score.");
    }
}

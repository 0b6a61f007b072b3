using System.Globalization;
using AgentDemo.Agents;
using XRouter.Policy.Data;
using XRouter.SemanticKernel.Services;

namespace AgentDemo.Run;

/// <summary>How one query was routed, what it cost and whether the answer was right.</summary>
/// <param name="Id">The query's id in the log (<c>live</c> for a query the log does not have).</param>
/// <param name="Task">The task family, when known.</param>
/// <param name="Question">The query.</param>
/// <param name="Mode"><c>direct</c>, <c>select</c>, <c>synthesize</c>, or <c>refused</c> when the request failed.</param>
/// <param name="Models">The downstream models called, in call order.</param>
/// <param name="SelectedModel">The model whose reply was returned verbatim, if any.</param>
/// <param name="InputTokens">Input tokens of every call.</param>
/// <param name="OutputTokens">Output tokens of every call.</param>
/// <param name="TokensEstimated">True when some call's usage was estimated (the log recorded none).</param>
/// <param name="CostUsd">What the request cost, router included.</param>
/// <param name="Correct">Whether the answer was right, or null when it cannot be graded (live, or router-written text).</param>
/// <param name="Answer">The final answer.</param>
/// <param name="Error">Why the request failed, when it did.</param>
internal sealed record QueryOutcome(
    string Id,
    string? Task,
    string Question,
    string Mode,
    IReadOnlyList<string> Models,
    string? SelectedModel,
    long InputTokens,
    long OutputTokens,
    bool TokensEstimated,
    double CostUsd,
    bool? Correct,
    string Answer,
    string? Error)
{
    /// <summary>Reads a routed reply; <paramref name="entry"/> grades it when the query is in the log.</summary>
    public static QueryOutcome FromReply(string id, string? task, string question, AgentReply reply, RoutingLogEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var metadata = reply.Metadata;
        var calls = metadata.TryGetValue(XRouterChatCompletionService.CallsKey, out object? value) && value is IEnumerable<IReadOnlyDictionary<string, object?>> list
            ? list.ToList()
            : [];
        var downstream = calls.Where(c => Equals(c.GetValueOrDefault("kind"), "downstream") && Equals(c.GetValueOrDefault("status"), "succeeded")).ToList();
        string? selected = metadata.GetValueOrDefault("xrouter.selected_model") as string;
        double? score = entry is null ? null
            : selected is not null && entry.Outcomes.TryGetValue(selected, out var outcome) ? outcome.Score
            : entry.Outcomes.Values.FirstOrDefault(o => o.Response == reply.Text)?.Score;
        return new QueryOutcome(
            id,
            task,
            question,
            metadata.GetValueOrDefault(XRouterChatCompletionService.ModeKey) as string ?? "unknown",
            [.. downstream.Select(c => (string)c["model"]!)],
            selected,
            calls.Sum(c => Number(c.GetValueOrDefault("input_tokens"))),
            calls.Sum(c => Number(c.GetValueOrDefault("output_tokens"))),
            calls.Any(c => c.GetValueOrDefault("usage_estimated") is true),
            Convert.ToDouble(metadata.GetValueOrDefault(XRouterChatCompletionService.CostKey) ?? 0.0, CultureInfo.InvariantCulture),
            score is double s ? s >= 1 : null,
            reply.Text,
            null);
    }

    /// <summary>A request that failed (for example refused by the budget guard): nothing answered, so not correct.</summary>
    public static QueryOutcome Failed(string id, string? task, string question, string error) =>
        new(id, task, question, "refused", [], null, 0, 0, false, 0, false, string.Empty, error);

    private static long Number(object? value) => value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
}

using XRouter.Policy.Data;

namespace XRouter.Policy.Tests.Evaluation;

/// <summary>Small routing logs written inline: each outcome is (model, score, cost_usd[, response]).</summary>
internal static class TestLog
{
    public static RoutingLogEntry Entry(string id, string? task, params (string Model, double Score, double Cost, string? Response)[] outcomes) => new()
    {
        Id = id,
        Task = task,
        Prompt = $"prompt of {id}",
        Outcomes = outcomes.ToDictionary(o => o.Model, o => new ModelOutcome { Score = o.Score, CostUsd = o.Cost, Response = o.Response ?? $"{o.Model} on {id}" }),
    };

    public static RoutingLogEntry Entry(string id, params (string Model, double Score, double Cost)[] outcomes) =>
        Entry(id, null, [.. outcomes.Select(o => (o.Model, o.Score, o.Cost, (string?)null))]);
}

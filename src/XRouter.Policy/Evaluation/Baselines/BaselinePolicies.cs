using System.Globalization;

namespace XRouter.Policy.Evaluation.Baselines;

/// <summary>Builds baseline policies by name, as <c>xrouter eval --policy</c> names them.</summary>
public static class BaselinePolicies
{
    /// <summary>Every single model of the pool, one policy each.</summary>
    public const string Singles = "singles";

    /// <summary>Every baseline: <see cref="Names"/> expanded.</summary>
    public const string All = "all";

    /// <summary>The baseline names (a pool model id also names its single-model policy; <c>random:SEED</c> sets a seed).</summary>
    public static IReadOnlyList<string> Names { get; } =
        [Singles, "random", "cheapest", "best-single", "per-task-best", "cascade", "oracle"];

    /// <summary>The policies <paramref name="name"/> stands for.</summary>
    /// <param name="name">A baseline name, <see cref="All"/>, <see cref="Singles"/>, <c>random:SEED</c> or a pool model id.</param>
    /// <param name="context">What the baselines are built from.</param>
    /// <exception cref="EvaluationException">The name is unknown, or the baseline needs <c>--train</c> and there is none.</exception>
    public static IReadOnlyList<EvaluatedPolicy> Create(string name, BaselineContext context)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(context);
        var models = context.Evaluated.Models;
        return name switch
        {
            All => [.. Names.SelectMany(n => Create(n, context))],
            Singles => [.. models.Select(m => new EvaluatedPolicy(new SingleModelPolicy(m), false))],
            "random" => [AveragedRandom(context)],
            _ when name.StartsWith("random:", StringComparison.Ordinal) => [new(new RandomPolicy(ParseSeed(name)), false)],
            "cheapest" => [new(new CheapestPolicy(context.Train ?? new PoolStatistics(context.Evaluated, context.Pool.Pricing, context.SuccessThreshold)), false)],
            "best-single" => [new(new BestSinglePolicy(RequireTrain(name, context)), true)],
            "per-task-best" => [new(new PerTaskBestPolicy(RequireTrain(name, context)), true)],
            "cascade" => [new(RequireResponses(CascadePolicy.FromTraining(RequireTrain(name, context)), context.Evaluated), false)],
            "oracle" => [new(new OraclePolicy(context.Evaluated, context.Pool.Pricing, context.SuccessThreshold), false)],
            _ when models.Contains(name, StringComparer.Ordinal) => [new(new SingleModelPolicy(name), false)],
            _ => throw new EvaluationException(
                $"Unknown policy '{name}'. Known: {All}, {string.Join(", ", Names)}, random:SEED, or a pool model ({string.Join(", ", models)})."),
        };
    }

    private static EvaluatedPolicy AveragedRandom(BaselineContext context)
    {
        var draws = RandomPolicy.Draws(context.RandomDraws, context.Seed);
        return new EvaluatedPolicy(draws[0], false) { Draws = draws };
    }

    private static PoolStatistics RequireTrain(string name, BaselineContext context) =>
        context.Train ?? throw new EvaluationException($"Policy '{name}' chooses its models on training queries; pass --train LOG.jsonl (never the evaluated log).");

    // The cascade escalates on disagreement between recorded replies; without any it would only ever escalate
    // (or, before empty replies stopped agreeing, silently be its first cheap model).
    private static CascadePolicy RequireResponses(CascadePolicy cascade, EvaluationDataset evaluated) =>
        cascade.QueriesWithoutResponses(evaluated) < evaluated.Entries.Count
            ? cascade
            : throw new EvaluationException(
                $"Policy 'cascade' compares the answers of '{cascade.FirstCheap}' and '{cascade.SecondCheap}', but the evaluated log records no responses of them; agreement needs responses. Leave 'cascade' out or use a log with responses.");

    private static long ParseSeed(string name) =>
        long.TryParse(name.AsSpan("random:".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out long seed)
            ? seed
            : throw new EvaluationException($"Policy '{name}': the seed after 'random:' must be an integer.");
}

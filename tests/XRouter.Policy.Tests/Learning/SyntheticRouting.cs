using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Learning;
using XRouter.Policy.Learning.Training;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Tests.Learning;

/// <summary>
/// A small routing log with a clear lesson: a budget model answers the easy queries (about fruit) and fails the hard
/// ones (about proofs), a premium model answers all. Tokens are recorded, so a catalog prices every call.
/// </summary>
internal static class SyntheticRouting
{
    public const string Budget = "small";
    public const string Premium = "big";

    public static ModelCatalog Catalog(double budgetPrice = 0.1, double premiumPrice = 10) => new(
    [
        new ModelCard { Id = Budget, Tier = ModelTier.Budget, InputPerMTok = budgetPrice, OutputPerMTok = budgetPrice },
        new ModelCard { Id = Premium, Tier = ModelTier.Premium, InputPerMTok = premiumPrice, OutputPerMTok = premiumPrice },
    ]);

    public static string Prompt(int i, bool hard) => hard
        ? $"Prove the lemma {i} about prime gaps and zeta zeros with a rigorous argument."
        : $"How many apples are in basket {i} if there are {i % 7} apples?";

    public static IReadOnlyList<RoutingLogEntry> Log(int count = 80) =>
    [
        .. Enumerable.Range(0, count).Select(i =>
        {
            bool hard = i % 2 == 1;
            return new RoutingLogEntry
            {
                Id = $"q{i}",
                Task = hard ? "proof" : "count",
                Prompt = Prompt(i, hard),
                Outcomes = new Dictionary<string, ModelOutcome>
                {
                    [Budget] = Outcome(hard ? 0 : 1, hard ? "Answer: 1" : $"Answer: {i % 7}"),
                    [Premium] = Outcome(1, hard ? "Answer: 2" : $"Answer: {i % 7}"),
                },
            };
        }),
    ];

    public static RoutingPolicyTrainerOptions FastOptions(int seed = 7) => new()
    {
        Seed = seed,
        Epochs = 3,
        GroupSize = 4,
        GroupsPerBatch = 8,
        Buckets = 1024,
        LambdaMin = 1,
        LambdaMax = 200,
    };

    public static LearnedRoutingPolicy Train(int seed = 7)
    {
        var data = EvaluationDataset.Create(Log());
        var pool = EvaluationPool.FromCatalog(data.Models, Catalog());
        return new RoutingPolicyTrainer(FastOptions(seed)).TrainAsync(data, pool, "synthetic").GetAwaiter().GetResult();
    }

    /// <summary>The models a first step calls, in a separate call or in a route step.</summary>
    public static IReadOnlyList<string> Called(RoutingStep step) => step switch
    {
        RoutingStep.CallModels call => call.ModelIds,
        RoutingStep.Route route => [route.ModelId],
        _ => throw new Xunit.Sdk.XunitException($"expected a call, got {step}"),
    };

    private static ModelOutcome Outcome(double score, string response) =>
        new() { Score = score, Response = response, InputTokens = 1000, OutputTokens = 1000 };
}

using System.Globalization;
using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Learning;

namespace XRouter.Benchmarks;

/// <summary>
/// What a designated direct-answer model changes: the default learned policy on the RouterBench test split (../shared)
/// with the full pool as tools, then with one model taken out of the tools and designated as the router's own
/// answerer, at a few cost penalties: accuracy, mean cost and the share of queries answered directly.
/// </summary>
internal static class DirectAnswers
{
    private static readonly double[] Lambdas = [0, 8.5, 13.9, 22.5, 36.5, 96];

    public static async Task RunAsync()
    {
        string folder = FixtureModels.DataPath("routerbench-subset");
        var test = EvaluationDataset.Create(RouterBenchCsv.ReadFiles(Directory.GetFiles(folder, "*_test.csv").Order(StringComparer.Ordinal)));
        var train = EvaluationDataset.Create(RouterBenchCsv.ReadFiles(Directory.GetFiles(folder, "*_train.csv").Order(StringComparer.Ordinal)));
        var pool = EvaluationPool.FromRecordedCosts(train);
        var policy = LearnedRoutingPolicy.LoadDefault();
        Console.WriteLine("direct-answer model            lambda  accuracy  mean cost (m$)  answered directly");
        foreach (string? direct in new[] { null, "mistralai/mixtral-8x7b-chat", "gpt-3.5-turbo-1106", "gpt-4-1106-preview" })
        {
            var runner = new ReplayPolicyRunner(direct is null ? pool : pool.WithDirectAnswerModel(direct));
            foreach (double lambda in Lambdas)
            {
                var results = new List<QueryResult>();
                foreach (var entry in test.Entries)
                {
                    results.Add(await runner.RunAsync(entry, policy, lambda, CancellationToken.None));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{direct ?? "(none: every model a tool)",-30} {lambda,6:0.#}  {results.Average(r => r.Score >= 1 ? 1.0 : 0.0),8:0.0000}  {results.Average(r => r.CostUsd) * 1000,14:0.000}  {results.Count(r => r.Decision == DecisionKind.Direct) / (double)results.Count,17:P1}"));
            }
        }
    }
}

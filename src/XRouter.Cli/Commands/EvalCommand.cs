using System.CommandLine;
using System.Globalization;
using XRouter.Cli.Evaluation;
using XRouter.Cli.Reports;
using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Evaluation.Baselines;
using XRouter.Policy.Learning;
using XRouter.Policy.Learning.OneStep;
using XRouter.Policy.Reward;

namespace XRouter.Cli.Commands;

/// <summary>
/// <c>xrouter eval</c>: replays policies over a routing log beside the single models and the oracle, and writes
/// <c>report.json</c>, <c>report.md</c> and accuracy-versus-cost plots.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "The routing log to evaluate on (JSONL).", Required = true };
        var train = new Option<string?>("--train") { Description = "The routing log best single, per-task best, cascade and cheapest choose their models on; never the evaluated one." };
        var catalog = new Option<string?>("--catalog") { Description = "A catalog whose prices re-price outcomes with known tokens (default: recorded cost_usd)." };
        var policies = new Option<string[]>("--policy")
        {
            Description = $"Policies (repeat or comma-separate): all, {string.Join(", ", BaselinePolicies.Names)}, random:SEED, a pool model id, {string.Join(", ", OneStepPolicies.Names)} (fitted on --train), or a policy file from `xrouter train` (swept over every lambda).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var lambdas = new Option<string?>("--lambda") { Description = "Comma-separated cost penalties for cost-aware policies, e.g. 0,10,100." };
        var sweep = new Option<int?>("--sweep") { Description = "Sweep N cost penalties: 0, then log-spaced over the range where they change decisions." };
        var strong = new Option<string?>("--strong") { Description = "The strong model of APGR and CPT (with --weak)." };
        var weak = new Option<string?>("--weak") { Description = "The weak model of APGR and CPT (with --strong)." };
        var output = new Option<string>("--out") { Description = "The folder for report.json, report.md and the plots.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print report.json to standard output instead of a summary table." };
        var endToEnd = new Option<bool>("--end-to-end")
        {
            Description = "Run every query through the real XRouter chat service and SK's function-calling loop, with replay clients as the models (slower; results equal the fast path's).",
        };
        var command = new Command("eval", "Evaluate routing policies offline on recorded outcomes, beside single models and the oracle.")
        {
            data, train, catalog, policies, lambdas, sweep, strong, weak, output, json, endToEnd,
        };
        command.SetAction((parse, cancellationToken) => CommandFailure.RunAsync(() => RunAsync(
            new EvalArguments(
                parse.GetValue(data)!,
                parse.GetValue(train),
                parse.GetValue(catalog),
                [.. parse.GetValue(policies)!.SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
                parse.GetValue(lambdas),
                parse.GetValue(sweep),
                parse.GetValue(strong),
                parse.GetValue(weak),
                parse.GetValue(output)!,
                parse.GetValue(json),
                parse.GetValue(endToEnd)),
            cancellationToken)));
        return command;
    }

    internal static async Task<int> RunAsync(EvalArguments args, CancellationToken cancellationToken)
    {
        var log = await RoutingLogJsonl.ReadAsync(args.Data, cancellationToken).ConfigureAwait(false);
        var dataset = EvaluationDataset.Create(log);
        EvaluationDataset? trainData = args.Train is null
            ? null
            : EvaluationDataset.Create(await RoutingLogJsonl.ReadAsync(args.Train, cancellationToken).ConfigureAwait(false), dataset.Models);
        var pool = args.Catalog is null
            ? EvaluationPool.FromRecordedCosts(trainData ?? dataset)
            : EvaluationPool.FromCatalog(dataset.Models, CatalogJson.Load(args.Catalog));
        var trainStats = trainData is null ? null : new PoolStatistics(trainData, pool.Pricing);
        var context = new BaselineContext(dataset, pool, trainStats);
        var evaluated = args.Policies
            .SelectMany(name => PoliciesNamed(name, context, trainData))
            .DistinctBy(p => p.Policy.Name, StringComparer.Ordinal)
            .ToList();
        var lambdas = Lambdas(args, trainStats ?? new PoolStatistics(dataset, pool.Pricing));
        using var endToEnd = args.EndToEnd ? new EndToEndPolicyRunner(pool, dataset.Entries) : null;
        var evaluator = new RoutingEvaluator(
            dataset,
            pool,
            endToEnd ?? (IPolicyRunner)new ReplayPolicyRunner(pool),
            new EvaluationOptions { Strong = args.Strong, Weak = args.Weak });
        var report = await TerminalProgress.RunAsync(
            "evaluating",
            evaluator.CountQueryRuns(evaluated, lambdas),
            args.Json,
            progress => evaluator.EvaluateAsync(evaluated, lambdas, trainStats, progress, cancellationToken)).ConfigureAwait(false);

        Directory.CreateDirectory(args.Out);
        var source = new ReportSource(args.Data, args.Train, args.Catalog, CommandLine());
        string reportJson = ReportJson.Write(report, source);
        await File.WriteAllTextAsync(Path.Combine(args.Out, "report.json"), reportJson + Environment.NewLine, cancellationToken).ConfigureAwait(false);
        var plots = ReportPlots.Write(report, args.Out);
        await File.WriteAllTextAsync(Path.Combine(args.Out, "report.md"), ReportMarkdown.Write(report, source, evaluated, plots), cancellationToken).ConfigureAwait(false);
        if (args.Json)
        {
            Console.WriteLine(reportJson);
        }
        else
        {
            PrintSummary(report, args.Out);
        }

        return 0;
    }

    private static IReadOnlyList<EvaluatedPolicy> PoliciesNamed(string name, BaselineContext context, EvaluationDataset? train)
    {
        if (File.Exists(name) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return [new EvaluatedPolicy(LearnedRoutingPolicy.Load(name), UsesCostPenalty: true)];
        }

        return OneStepPolicies.Names.Contains(name, StringComparer.Ordinal)
            ? [OneStepPolicies.Create(name, train ?? throw new EvaluationException($"Policy '{name}' is fitted on training queries; pass --train LOG.jsonl."), context.Pool)]
            : BaselinePolicies.Create(name, context);
    }

    private static IReadOnlyList<double> Lambdas(EvalArguments args, PoolStatistics reference)
    {
        if (args.Lambdas is not null && args.Sweep is not null)
        {
            throw new ArgumentException("Pass either --lambda or --sweep, not both.");
        }

        if (args.Sweep is int count)
        {
            return count >= 1 ? LambdaGrid.Sweep(count, reference) : throw new ArgumentException($"--sweep must be at least 1; got {count}.");
        }

        if (args.Lambdas is null)
        {
            return [new CostShapedReward().Lambda];
        }

        return [.. args.Lambdas.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double lambda) && lambda >= 0 && double.IsFinite(lambda)
                ? lambda
                : throw new ArgumentException($"--lambda value '{text}' is not a cost penalty (a finite number, zero or more)."))];
    }

    private static void PrintSummary(EvaluationReport report, string outDir)
    {
        Console.WriteLine($"{report.Queries} queries ({report.ExcludedQueries} excluded), {report.Models.Count} models; costs in m$ per query");
        Console.WriteLine($"{"policy",-36} {"lambda",9} {"accuracy",9} {"mean m$",9} {"acc/$",9}  decisions");
        var summaries = report.Runs.Select(r => r.Summary).ToList();
        if (!summaries.Any(s => s.Policy == report.Oracle.Policy))
        {
            summaries.Add(report.Oracle);
        }

        foreach (var s in summaries)
        {
            Console.WriteLine($"{s.Policy,-36} {ReportText.Lambda(s.Lambda),9} {ReportText.Fixed(s.Accuracy),9} {ReportText.MilliDollars(s.MeanCostUsd),9} {ReportText.Fixed(s.CostUtility, 1),9}  {ReportText.Decisions(s.Decisions)}");
        }

        if (report.BestSingle is { } best)
        {
            Console.WriteLine($"best single (chosen on --train): {best.Policy}, accuracy {ReportText.Fixed(best.Accuracy)} at {ReportText.MilliDollars(best.MeanCostUsd)} m$");
        }

        Console.WriteLine($"wrote {Path.Combine(outDir, "report.json")}, report.md and plots");
    }

    private static string CommandLine() =>
        "xrouter " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
}

/// <summary>The parsed options of <c>xrouter eval</c>.</summary>
internal sealed record EvalArguments(
    string Data,
    string? Train,
    string? Catalog,
    IReadOnlyList<string> Policies,
    string? Lambdas,
    int? Sweep,
    string? Strong,
    string? Weak,
    string Out,
    bool Json,
    bool EndToEnd);

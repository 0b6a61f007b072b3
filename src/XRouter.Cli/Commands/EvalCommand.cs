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
/// <c>report.json</c>, <c>report.md</c> and plots.
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
        var models = new Option<string?>("--models") { Description = "The pool: comma-separated model ids (default: every model of the log)." };
        var exclude = new Option<string?>("--exclude-models") { Description = "Comma-separated model ids to leave out of the pool." };
        var fitModels = new Option<string?>("--fit-models")
        {
            Description = "Comma-separated pool models one-step and knn are fitted on (default: the whole pool); they judge the others by their catalog card, as a learned policy judges models its training did not know.",
        };
        var directAnswer = new Option<string?>("--direct-answer-model")
        {
            Description = "A model of the log that writes the router's own answers instead of being a tool: no policy may call it, and learned policies may answer directly with it.",
        };
        var threshold = new Option<double?>("--success-threshold") { Description = "The score at or above which an answer succeeds (success rate, oracle, reward-ranked baselines). Default 1." };
        var lambdas = new Option<string?>("--lambda") { Description = "Comma-separated cost penalties for cost-aware policies, e.g. 0,10,100." };
        var sweep = new Option<int?>("--sweep") { Description = "Sweep N cost penalties: 0, then log-spaced over the range where they change decisions." };
        var strong = new Option<string?>("--strong") { Description = "The strong model of APGR and CPT (with --weak)." };
        var weak = new Option<string?>("--weak") { Description = "The weak model of APGR and CPT (with --strong)." };
        var randomIters = new Option<int>("--random-iters") { Description = "Seeds the random baseline is averaged over.", DefaultValueFactory = _ => 10 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for 95% intervals (0: none).", DefaultValueFactory = _ => 1000 };
        var atCost = new Option<string?>("--at-cost") { Description = "Comma-separated mean costs per query (USD) at which to read each policy's accuracy on its frontier." };
        var atAccuracy = new Option<string?>("--at-accuracy") { Description = "Comma-separated accuracies whose cost per query each policy's frontier needs." };
        var decisions = new Option<string?>("--decisions") { Description = "Write every per-query decision to this JSONL file." };
        var output = new Option<string>("--out") { Description = "The folder for report.json, report.md and the plots.", Required = true };
        var embeddings = EmbeddingEndpoint.UrlOption();
        var embeddingModel = EmbeddingEndpoint.ModelOption();
        var json = new Option<bool>("--json") { Description = "Print report.json to standard output instead of a summary table." };
        var endToEnd = new Option<bool>("--end-to-end")
        {
            Description = "Run every query through the real XRouter chat service and SK's function-calling loop, with replay clients as the models (slower; results equal the fast path's).",
        };
        var command = new Command("eval", "Evaluate routing policies offline on recorded outcomes, beside single models and the oracle.")
        {
            data, train, catalog, policies, models, exclude, fitModels, directAnswer, threshold, lambdas, sweep, strong, weak, randomIters, bootstrap, atCost, atAccuracy,
            decisions, output, json, endToEnd, embeddings, embeddingModel,
        };
        command.SetAction((parse, cancellationToken) => CommandFailure.RunAsync(() => RunAsync(
            new EvalArguments(
                parse.GetValue(data)!,
                parse.GetValue(train),
                parse.GetValue(catalog),
                [.. parse.GetValue(policies)!.SelectMany(List)],
                parse.GetValue(lambdas),
                parse.GetValue(sweep),
                parse.GetValue(strong),
                parse.GetValue(weak),
                parse.GetValue(output)!,
                parse.GetValue(json),
                parse.GetValue(endToEnd))
            {
                Models = parse.GetValue(models) is string m ? List(m) : null,
                ExcludeModels = parse.GetValue(exclude) is string x ? List(x) : null,
                FitModels = parse.GetValue(fitModels) is string f ? List(f) : null,
                DirectAnswerModel = parse.GetValue(directAnswer),
                SuccessThreshold = parse.GetValue(threshold) ?? 1.0,
                SuccessThresholdGiven = parse.GetValue(threshold) is not null,
                RandomIters = parse.GetValue(randomIters),
                Bootstrap = parse.GetValue(bootstrap),
                AtCost = Numbers("--at-cost", parse.GetValue(atCost)),
                AtAccuracy = Numbers("--at-accuracy", parse.GetValue(atAccuracy)),
                Decisions = parse.GetValue(decisions),
                Embeddings = parse.GetValue(embeddings),
                EmbeddingModel = parse.GetValue(embeddingModel),
            },
            cancellationToken)));
        return command;
    }

    internal static async Task<int> RunAsync(EvalArguments args, CancellationToken cancellationToken) =>
        await RunAsync(args, [], cancellationToken).ConfigureAwait(false);

    /// <summary>Runs the evaluation of the named baselines plus <paramref name="extra"/> policies, beside them in the report.</summary>
    internal static async Task<int> RunAsync(EvalArguments args, IReadOnlyList<EvaluatedPolicy> extra, CancellationToken cancellationToken)
    {
        Validate(args);
        var warnings = new List<string>();
        var log = await RoutingLogJsonl.ReadAsync(args.Data, cancellationToken).ConfigureAwait(false);
        var dataset = EvaluationDataset.Create(log, args.Models, args.ExcludeModels);
        warnings.AddRange(EvalWarnings.Exclusions(args.Data, log.Count, dataset));
        warnings.AddRange(EvalWarnings.GradedScores(log, args.SuccessThresholdGiven));
        EvaluationDataset? trainData = null;
        if (args.Train is not null)
        {
            var trainLog = await RoutingLogJsonl.ReadAsync(args.Train, cancellationToken).ConfigureAwait(false);
            trainData = TrainingData(args.Train, trainLog, dataset.Models);
            warnings.AddRange(EvalWarnings.Leakage(args.Data, args.Train, trainLog, dataset));
        }

        var pool = args.Catalog is null
            ? EvaluationPool.FromRecordedCosts(trainData ?? dataset)
            : EvaluationPool.FromCatalog(dataset.Models, CatalogJson.Load(args.Catalog));
        if (args.DirectAnswerModel is string direct)
        {
            // The direct-answer model is priced and replayed like the others, but it is no policy's tool.
            pool = pool.WithDirectAnswerModel(direct);
            var tools = pool.Cards.Select(c => c.Id).ToList();
            dataset = EvaluationDataset.Create(dataset.Entries, tools);
            trainData = trainData is null ? null : EvaluationDataset.Create(trainData.Entries, tools);
        }

        var trainStats = trainData is null ? null : new PoolStatistics(trainData, pool.Pricing, args.SuccessThreshold);
        var context = new BaselineContext(dataset, pool, trainStats, SuccessThreshold: args.SuccessThreshold, RandomDraws: args.RandomIters);
        var fitOn = FittedOn(trainData, args.FitModels);
        var evaluated = args.Policies
            .SelectMany(name => PoliciesNamed(name, context, fitOn))
            .Concat(extra)
            .DistinctBy(p => p.Policy.Name, StringComparer.Ordinal)
            .ToList();
        var lambdas = Lambdas(args, trainStats ?? new PoolStatistics(dataset, pool.Pricing, args.SuccessThreshold));
        warnings.AddRange(EvalWarnings.CascadeWithoutResponses(evaluated, dataset));

        foreach (string warning in warnings)
        {
            await Console.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        using var embeddingGenerator = EmbeddingEndpoint.Create(args.Embeddings, args.EmbeddingModel);
        using var endToEnd = args.EndToEnd ? new EndToEndPolicyRunner(pool, dataset.Entries, embeddingGenerator) : null;
        var evaluator = new RoutingEvaluator(
            dataset,
            pool,
            endToEnd ?? (IPolicyRunner)new ReplayPolicyRunner(pool, embeddingGenerator),
            new EvaluationOptions
            {
                Strong = args.Strong,
                Weak = args.Weak,
                SuccessThreshold = args.SuccessThreshold,
                BootstrapResamples = args.Bootstrap,
                AtCost = args.AtCost,
                AtAccuracy = args.AtAccuracy,
            });
        var report = await TerminalProgress.RunAsync(
            "evaluating",
            evaluator.CountQueryRuns(evaluated, lambdas),
            args.Json,
            progress => evaluator.EvaluateAsync(evaluated, lambdas, trainStats, progress, cancellationToken)).ConfigureAwait(false);

        var source = new ReportSource(args.Data, args.Train, args.Catalog, CommandLine()) { Warnings = warnings };
        string reportJson = ReportJson.Write(report, source);
        await File.WriteAllTextAsync(Path.Combine(args.Out, "report.json"), reportJson + Environment.NewLine, cancellationToken).ConfigureAwait(false);
        var plots = ReportPlots.Write(report, args.Out);
        await File.WriteAllTextAsync(Path.Combine(args.Out, "report.md"), ReportMarkdown.Write(report, source, evaluated, plots), cancellationToken).ConfigureAwait(false);
        if (args.Decisions is not null)
        {
            await DecisionsJsonl.WriteAsync(args.Decisions, report, cancellationToken).ConfigureAwait(false);
        }

        if (args.Json)
        {
            Console.WriteLine(reportJson);
        }
        else
        {
            ConsoleSummary.Print(report, args.Out);
        }

        return 0;
    }

    // Everything that can be checked before the (possibly long) run is checked first.
    private static void Validate(EvalArguments args)
    {
        if (File.Exists(args.Out))
        {
            throw new ArgumentException($"--out '{args.Out}' is a file; it must be a folder (it receives report.json, report.md and the plots).");
        }

        Directory.CreateDirectory(args.Out);
        if (args.Decisions is not null && (Directory.Exists(args.Decisions) || !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(args.Decisions)))))
        {
            throw new ArgumentException($"--decisions '{args.Decisions}' must be a JSONL file path in an existing folder.");
        }

        if (args.FitModels is not null && args.Train is null)
        {
            throw new ArgumentException("--fit-models chooses what one-step and knn are fitted on; pass --train LOG.jsonl with it.");
        }

        if (args.RandomIters < 1)
        {
            throw new ArgumentException($"--random-iters must be at least 1; got {args.RandomIters}.");
        }

        if (args.Bootstrap < 0)
        {
            throw new ArgumentException($"--bootstrap must be 0 (none) or more; got {args.Bootstrap}.");
        }

        if (!(args.SuccessThreshold is >= 0 and <= 1))
        {
            throw new ArgumentException($"--success-threshold must be in [0, 1]; got {args.SuccessThreshold.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    private static EvaluationDataset TrainingData(string path, IReadOnlyList<RoutingLogEntry> trainLog, IReadOnlyList<string> models)
    {
        try
        {
            return EvaluationDataset.Create(trainLog, models);
        }
        catch (EvaluationException e)
        {
            throw new EvaluationException($"--train {path}: {e.Message}", e);
        }
    }

    private static EvaluationDataset? FittedOn(EvaluationDataset? train, IReadOnlyList<string>? fitModels)
    {
        if (train is null || fitModels is null)
        {
            return train;
        }

        var unknown = fitModels.Where(m => !train.Models.Contains(m, StringComparer.Ordinal)).ToList();
        return unknown.Count == 0
            ? EvaluationDataset.Create(train.Entries, fitModels)
            : throw new ArgumentException($"--fit-models names {string.Join(", ", unknown)}, not in the pool ({string.Join(", ", train.Models)}).");
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

        return [.. List(args.Lambdas).Select(text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double lambda) && lambda >= 0 && double.IsFinite(lambda)
                ? lambda
                : throw new ArgumentException($"--lambda value '{text}' is not a cost penalty (a finite number, zero or more)."))];
    }

    private static IReadOnlyList<double> Numbers(string option, string? text) =>
        text is null
            ? []
            : [.. List(text).Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= 0 && double.IsFinite(value)
                ? value
                : throw new ArgumentException($"{option} value '{t}' is not a finite number, zero or more."))];

    private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string CommandLine() =>
        "xrouter " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
}

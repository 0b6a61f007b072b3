using System.CommandLine;
using System.Globalization;
using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Learning.Training;

namespace XRouter.Cli.Commands;

/// <summary>
/// <c>xrouter train</c>: trains the learned router on a routing log (simulated episodes over recorded outcomes) and
/// writes a policy file that <c>xrouter eval --policy FILE</c> and <c>AddXRouter</c> load.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "The training routing log (JSONL); never the evaluated one.", Required = true };
        var catalog = new Option<string?>("--catalog") { Description = "A catalog with the models' tiers and prices (default: prices estimated from recorded costs)." };
        var models = new Option<string?>("--models") { Description = "Comma-separated model ids to train with (default: every model of the log)." };
        var output = new Option<string>("--out") { Description = "The policy file to write.", Required = true };
        var seed = new Option<int>("--seed") { Description = "The seed of every random draw.", DefaultValueFactory = _ => 1 };
        var lambdaRange = new Option<string?>("--lambda-range") { Description = "The cost penalties sampled in training, min:max (default: from the pool's costs)." };
        var epochs = new Option<int?>("--epochs") { Description = "The most training epochs (default 30; early stopping on validation)." };
        var embeddings = EmbeddingEndpoint.UrlOption();
        var embeddingModel = EmbeddingEndpoint.ModelOption();
        var command = new Command("train", "Train the learned cost-aware router on recorded outcomes and write a policy file.")
        {
            data, catalog, models, output, seed, lambdaRange, epochs, embeddings, embeddingModel,
        };
        command.SetAction((parse, cancellationToken) => CommandFailure.RunAsync(() => RunAsync(
            new TrainArguments(parse.GetValue(data)!, parse.GetValue(catalog), parse.GetValue(models), parse.GetValue(output)!, parse.GetValue(seed),
                parse.GetValue(lambdaRange), parse.GetValue(epochs))
            {
                Embeddings = parse.GetValue(embeddings),
                EmbeddingModel = parse.GetValue(embeddingModel),
            },
            cancellationToken)));
        return command;
    }

    internal static async Task<int> RunAsync(TrainArguments args, CancellationToken cancellationToken)
    {
        using var embeddingGenerator = EmbeddingEndpoint.Create(args.Embeddings, args.EmbeddingModel);
        var log = await RoutingLogJsonl.ReadAsync(args.Data, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string>? pool = args.Models?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var dataset = EvaluationDataset.Create(log, pool);
        var evaluationPool = args.Catalog is null
            ? EvaluationPool.FromRecordedCosts(dataset)
            : EvaluationPool.FromCatalog(dataset.Models, CatalogJson.Load(args.Catalog));
        var (lambdaMin, lambdaMax) = ParseRange(args.LambdaRange);
        var options = new RoutingPolicyTrainerOptions { Seed = args.Seed, LambdaMin = lambdaMin, LambdaMax = lambdaMax };
        if (args.Epochs is int count)
        {
            options = options with { Epochs = count };
        }

        Console.WriteLine($"training on {dataset.Entries.Count} queries ({dataset.ExcludedCount} excluded), {dataset.Models.Count} models, seed {args.Seed}");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var policy = await Task.Run(
            () => new RoutingPolicyTrainer(options, embeddingGenerator).TrainAsync(dataset, evaluationPool, Path.GetFileName(args.Data), new EpochPrinter(), cancellationToken),
            cancellationToken).ConfigureAwait(false);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(args.Out));
        Directory.CreateDirectory(folder!);
        policy.Save(args.Out);
        Console.WriteLine($"wrote {args.Out} ({new FileInfo(args.Out).Length / 1024} KiB) in {started.Elapsed.TotalSeconds:F1} s; validation reward {policy.TrainingInfo["validation_reward"]}");
        return 0;
    }

    private static (double? Min, double? Max) ParseRange(string? text)
    {
        if (text is null)
        {
            return (null, null);
        }

        var parts = text.Split(':');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double min)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double max)
            && min > 0 && max > min
                ? (min, max)
                : throw new ArgumentException($"--lambda-range '{text}' must be min:max with 0 < min < max, e.g. 1:10000.");
    }

    // Synchronous, unlike Progress<T>, so lines appear in epoch order as they finish.
    private sealed class EpochPrinter : IProgress<TrainingEpoch>
    {
        public void Report(TrainingEpoch value)
        {
            const int width = 20;
            int done = (int)Math.Round(width * value.Epoch / (double)value.Epochs);
            string bar = new string('#', done) + new string('-', width - done);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{bar}] epoch {value.Epoch,3}/{value.Epochs}  reward {value.MeanReward:F4}  accuracy {value.Accuracy:F4}  cost {value.MeanCostUsd * 1000:F3} m$  dropped {value.DroppedGroups,4}  validation {value.ValidationReward:F4} / {value.ValidationRewardWithoutTask:F4} without task{(value.IsBest ? " *" : string.Empty)}"));
        }
    }
}

/// <summary>The parsed options of <c>xrouter train</c>.</summary>
internal sealed record TrainArguments(string Data, string? Catalog, string? Models, string Out, int Seed, string? LambdaRange, int? Epochs)
{
    /// <summary>The embeddings endpoint (<c>--embeddings</c>), or null for text features only.</summary>
    public string? Embeddings { get; init; }

    /// <summary>The embedding model (<c>--embedding-model</c>).</summary>
    public string? EmbeddingModel { get; init; }
}

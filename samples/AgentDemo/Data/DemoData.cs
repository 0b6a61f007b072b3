using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;

namespace AgentDemo.Data;

/// <summary>The routing log the demo replays and the catalog that prices its models.</summary>
/// <param name="Log">The queries, each with every model's recorded answer, score and cost.</param>
/// <param name="Catalog">Prices and tiers of the log's models.</param>
/// <param name="Source">Where the log was read from, for the report.</param>
/// <param name="Excluded">Queries of the file left out for lacking some model's outcome or recorded reply (replay could not answer them).</param>
internal sealed record DemoData(IReadOnlyList<RoutingLogEntry> Log, ModelCatalog Catalog, string Source, int Excluded)
{
    /// <summary>The environment variable that points the demo at another routing log.</summary>
    public const string DataEnvironmentVariable = "XROUTER_DATA";

    /// <summary>The shipped sample, copied beside the demo's binary.</summary>
    public static string ShippedFolder => Path.Combine(AppContext.BaseDirectory, "data", "routerbench-demo");

    /// <summary>
    /// Loads <paramref name="path"/> (or <c>XROUTER_DATA</c>, or the shipped sample): a routing-log JSONL file, a
    /// RouterBench CSV, or a folder holding either (see <see cref="DataLocation"/>). Prices come from the
    /// <c>catalog.json</c> beside the log, else from the shipped catalog.
    /// </summary>
    /// <exception cref="RoutingDataException">Nothing loadable is there, or a model of the log has no price.</exception>
    public static async Task<DemoData> LoadAsync(string? path, CancellationToken cancellationToken)
    {
        string requested = path ?? Environment.GetEnvironmentVariable(DataEnvironmentVariable) ?? ShippedFolder;
        var location = DataLocation.Resolve(requested);
        var read = location.Logs[0].EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            ? RouterBenchCsv.ReadFiles(location.Logs)
            : await RoutingLogJsonl.ReadAsync(location.Logs[0], cancellationToken).ConfigureAwait(false);
        // Replay answers with recorded text, so a query some model has no recorded reply for cannot be replayed.
        var complete = EvaluationDataset.Create(read);
        var log = complete.Entries.Where(e => e.Outcomes.Values.All(o => o.Response is not null)).ToList();
        int excluded = read.Count - log.Count;
        if (log.Count == 0)
        {
            throw new RoutingDataException($"The routing log {location} holds no query that records every model ({read.Count} queries read).");
        }

        string catalogPath = location.Catalog ?? Path.Combine(ShippedFolder, "catalog.json");
        var catalog = CatalogJson.Load(catalogPath);
        var unpriced = log.SelectMany(e => e.Outcomes.Keys).Distinct(StringComparer.Ordinal).Where(m => !catalog.TryGet(m, out _)).ToList();
        string source = requested == ShippedFolder ? "data/routerbench-demo (shipped with the demo)" : location.ToString();
        return unpriced.Count == 0
            ? new DemoData(log, catalog, source, excluded)
            : throw new RoutingDataException(
                $"The catalog {catalogPath} has no price for {string.Join(", ", unpriced)} of the routing log {location}; put a catalog.json beside the log.");
    }
}

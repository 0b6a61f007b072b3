using XRouter.Policy.Data;

namespace AgentDemo.Data;

/// <summary>
/// Where a routing log is. A file is the log (<c>.jsonl</c>, or a RouterBench <c>.csv</c>). A folder holds its
/// <c>routing-log.jsonl</c>, else its <c>test.jsonl</c>, else its RouterBench <c>*_test.csv</c> files; a folder
/// with none of them is searched one level down, subfolders in name order (so <c>../shared/data</c> finds the
/// RouterBench slice). The <c>catalog.json</c> beside the log prices it when present.
/// </summary>
/// <param name="Logs">The log file, or the CSV files to import together.</param>
/// <param name="Catalog">The catalog beside the log, or null.</param>
internal sealed record DataLocation(IReadOnlyList<string> Logs, string? Catalog)
{
    /// <summary>Resolves <paramref name="path"/>.</summary>
    /// <exception cref="RoutingDataException">The path does not exist or holds no routing log.</exception>
    public static DataLocation Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return new DataLocation([full], CatalogBeside(Path.GetDirectoryName(full)!));
        }

        if (!Directory.Exists(full))
        {
            throw new RoutingDataException($"The data path '{path}' is neither a file nor a folder.");
        }

        return InFolder(full)
            ?? Directory.GetDirectories(full).Order(StringComparer.Ordinal).Select(InFolder).FirstOrDefault(l => l is not null)
            ?? throw new RoutingDataException(
                $"The folder '{path}' holds no routing log: expected routing-log.jsonl, test.jsonl or RouterBench *_test.csv files, in it or one folder down.");
    }

    /// <inheritdoc />
    public override string ToString() =>
        Logs.Count == 1 ? Logs[0] : $"{Path.GetDirectoryName(Logs[0])}/{{{string.Join(",", Logs.Select(Path.GetFileName))}}}";

    private static DataLocation? InFolder(string folder)
    {
        string? jsonl = new[] { "routing-log.jsonl", "test.jsonl" }.Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
        if (jsonl is not null)
        {
            return new DataLocation([jsonl], CatalogBeside(folder));
        }

        var csv = Directory.GetFiles(folder, "*_test.csv").Order(StringComparer.Ordinal).ToList();
        return csv.Count > 0 ? new DataLocation(csv, CatalogBeside(folder)) : null;
    }

    private static string? CatalogBeside(string folder) =>
        Path.Combine(folder, "catalog.json") is var catalog && File.Exists(catalog) ? catalog : null;
}

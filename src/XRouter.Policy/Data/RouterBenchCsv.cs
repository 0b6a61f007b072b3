using System.Globalization;

namespace XRouter.Policy.Data;

/// <summary>
/// Imports RouterBench CSV exports into routing-log entries. Columns: <c>sample_id</c>, <c>prompt</c>,
/// <c>eval_name</c>, one score column per model, and per model <c>&lt;model&gt;|total_cost</c> (required: a
/// column without one is an error, not a model) and optionally <c>&lt;model&gt;|model_response</c>. An empty score cell is an unknown outcome (the model is left out of that
/// entry); prompt and response cells may be Python-list literals of strings. A <c>sample_id</c> that repeats
/// (RouterBench keeps both turns of a conversation under one id) gets a <c>#2</c>, <c>#3</c>... suffix.
/// </summary>
public static class RouterBenchCsv
{
    private const string ResponseSuffix = "|model_response";
    private const string CostSuffix = "|total_cost";
    private static readonly HashSet<string> s_nonModelColumns = new(StringComparer.Ordinal)
    {
        "", "sample_id", "prompt", "eval_name", "oracle_model_to_route_to",
    };

    /// <summary>Imports CSV files, in order, into one list of entries with unique ids.</summary>
    /// <param name="paths">The CSV files.</param>
    /// <exception cref="RoutingDataException">A file is malformed; the message names the file, line and column.</exception>
    public static IReadOnlyList<RoutingLogEntry> ReadFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var entries = new List<RoutingLogEntry>();
        foreach (string path in paths)
        {
            if (!File.Exists(path))
            {
                throw new RoutingDataException($"RouterBench file '{path}' does not exist.");
            }

            using var reader = new StreamReader(path);
            entries.AddRange(Read(reader, path, seen));
        }

        return entries;
    }

    /// <summary>Imports one CSV document.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">The name errors use for the source (a file path).</param>
    /// <exception cref="RoutingDataException">The document is malformed; the message names the source, line and column.</exception>
    public static IReadOnlyList<RoutingLogEntry> Read(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        return Read(reader, sourceName, new Dictionary<string, int>(StringComparer.Ordinal));
    }

    private static List<RoutingLogEntry> Read(TextReader reader, string sourceName, Dictionary<string, int> seen)
    {
        var csv = new CsvRecordReader(reader, sourceName);
        var header = csv.Read()?.Fields ?? throw new RoutingDataException($"{sourceName}: the file is empty; expected a RouterBench header.");
        var layout = Layout.Of(header, sourceName);
        var entries = new List<RoutingLogEntry>();
        while (csv.Read() is var (fields, line))
        {
            if (fields is [""])
            {
                continue;
            }

            if (fields.Count != header.Count)
            {
                throw new RoutingDataException($"{sourceName}:{line}: the record has {fields.Count} fields; the header has {header.Count}.");
            }

            entries.Add(ToEntry(fields, line, layout, sourceName, seen));
        }

        return entries;
    }

    private static RoutingLogEntry ToEntry(List<string> fields, int line, Layout layout, string sourceName, Dictionary<string, int> seen)
    {
        string sampleId = fields[layout.SampleId];
        if (string.IsNullOrWhiteSpace(sampleId))
        {
            throw new RoutingDataException($"{sourceName}:{line}: 'sample_id' is empty.");
        }

        int occurrence = seen[sampleId] = seen.GetValueOrDefault(sampleId) + 1;
        var outcomes = new Dictionary<string, ModelOutcome>(StringComparer.Ordinal);
        foreach (var model in layout.Models)
        {
            string scoreCell = fields[model.Score];
            if (scoreCell.Length == 0)
            {
                continue;
            }

            outcomes[model.Id] = new ModelOutcome
            {
                Score = ParseNumber(scoreCell, sourceName, line, model.Id, 0, 1),
                Response = model.Response is int r && fields[r].Length > 0 ? Unlist(fields[r]) : null,
                CostUsd = model.Cost is int c && fields[c].Length > 0
                    ? ParseNumber(fields[c], sourceName, line, model.Id + CostSuffix, 0, double.MaxValue)
                    : null,
            };
        }

        string task = fields[layout.EvalName];
        return new RoutingLogEntry
        {
            Id = occurrence == 1 ? sampleId : $"{sampleId}#{occurrence}",
            Task = task.Length == 0 ? null : task,
            Prompt = Unlist(fields[layout.Prompt]),
            Outcomes = outcomes,
        };
    }

    private static double ParseNumber(string cell, string sourceName, int line, string column, double min, double max) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= min && value <= max
            ? value
            : throw new RoutingDataException($"{sourceName}:{line}: column '{column}' holds '{cell}'; expected a number in [{min.ToString(CultureInfo.InvariantCulture)}, {(max == double.MaxValue ? "inf" : max.ToString(CultureInfo.InvariantCulture))}].");

    // Conversation turns stored as a list become one prompt, turns separated by a blank line.
    private static string Unlist(string cell) =>
        PythonStringList.TryParse(cell) is { } items ? string.Join("\n\n", items) : cell;

    private sealed record ModelColumns(string Id, int Score, int? Response, int? Cost);

    private sealed record Layout(int SampleId, int Prompt, int EvalName, IReadOnlyList<ModelColumns> Models)
    {
        // A model is a score column with a '<model>|total_cost' column (and optionally '<model>|model_response');
        // anything else is an error, so a stray column is never read as a model nor a file without costs accepted.
        public static Layout Of(List<string> header, string sourceName)
        {
            int Require(string name)
            {
                int index = header.IndexOf(name);
                return index >= 0 ? index : throw new RoutingDataException($"{sourceName}:1: the header has no '{name}' column; is this a RouterBench CSV?");
            }

            int? Optional(string name) => header.IndexOf(name) is int i and >= 0 ? i : null;

            var layout = (SampleId: Require("sample_id"), Prompt: Require("prompt"), EvalName: Require("eval_name"));
            var scores = header.Where(name => !s_nonModelColumns.Contains(name) && !name.Contains('|', StringComparison.Ordinal)).ToList();
            if (scores.FirstOrDefault(name => Optional(name + CostSuffix) is null) is string costless)
            {
                throw new RoutingDataException(
                    $"{sourceName}:1: column '{costless}' is not a RouterBench column and has no '{costless}{CostSuffix}' column, so it is not a model score column either. Model columns need '<model>', '<model>{CostSuffix}' and optionally '<model>{ResponseSuffix}'.");
            }

            if (header.FirstOrDefault(name => name.Contains('|', StringComparison.Ordinal) && !IsModelColumn(name, scores)) is string stray)
            {
                throw new RoutingDataException($"{sourceName}:1: column '{stray}' is neither '<model>{ResponseSuffix}' nor '<model>{CostSuffix}' of a model score column.");
            }

            var models = scores
                .Select(name => new ModelColumns(name, header.IndexOf(name), Optional(name + ResponseSuffix), Optional(name + CostSuffix)))
                .ToList();
            return models.Count == 0
                ? throw new RoutingDataException($"{sourceName}:1: the header names no model score column (a '<model>' column with '<model>{CostSuffix}').")
                : new Layout(layout.SampleId, layout.Prompt, layout.EvalName, models);
        }

        private static bool IsModelColumn(string name, List<string> scores) =>
            (name.EndsWith(CostSuffix, StringComparison.Ordinal) && scores.Contains(name[..^CostSuffix.Length]))
            || (name.EndsWith(ResponseSuffix, StringComparison.Ordinal) && scores.Contains(name[..^ResponseSuffix.Length]));
    }
}

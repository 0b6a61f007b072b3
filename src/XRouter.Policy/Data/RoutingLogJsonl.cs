using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace XRouter.Policy.Data;

/// <summary>
/// Reads and writes routing logs as JSONL, one <see cref="RoutingLogEntry"/> per line (<c>routing-data.md</c>).
/// Unknown fields are ignored; blank lines are skipped; any other bad line (a repeated property included) is an error
/// naming the file and line.
/// </summary>
public static class RoutingLogJsonl
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        AllowDuplicateProperties = false,
    };

    /// <summary>Reads every entry of a routing-log file.</summary>
    /// <param name="path">The JSONL file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="RoutingDataException">A line is malformed or an id repeats; the message names file and line.</exception>
    public static async Task<IReadOnlyList<RoutingLogEntry>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new RoutingDataException($"Routing log '{path}' does not exist.");
        }

        using var reader = new StreamReader(path);
        var entries = new List<RoutingLogEntry>();
        await foreach (var entry in ReadAsync(reader, path, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>Reads entries from <paramref name="reader"/> as they come.</summary>
    /// <param name="reader">The JSONL text.</param>
    /// <param name="sourceName">The name errors use for the source (a file path).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="RoutingDataException">A line is malformed or an id repeats; the message names source and line.</exception>
    public static async IAsyncEnumerable<RoutingLogEntry> ReadAsync(
        TextReader reader, string sourceName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        var lineById = new Dictionary<string, int>(StringComparer.Ordinal);
        int lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is string line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var entry = Parse(line, sourceName, lineNumber);
            if (!lineById.TryAdd(entry.Id, lineNumber))
            {
                throw new RoutingDataException($"{sourceName}:{lineNumber}: id '{entry.Id}' repeats line {lineById[entry.Id]}; ids must be unique.");
            }

            yield return entry;
        }
    }

    /// <summary>Writes entries to a JSONL file, replacing it.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="entries">The entries, in order.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteAsync(string path, IEnumerable<RoutingLogEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var writer = new StreamWriter(path);
        await using (writer.ConfigureAwait(false))
        {
            await WriteAsync(writer, entries, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes entries to <paramref name="writer"/>, one line each.</summary>
    /// <param name="writer">Where the JSONL goes.</param>
    /// <param name="entries">The entries, in order.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteAsync(TextWriter writer, IEnumerable<RoutingLogEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(JsonSerializer.Serialize(entry, s_options)).ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static RoutingLogEntry Parse(string line, string sourceName, int lineNumber)
    {
        RoutingLogEntry? entry;
        try
        {
            entry = JsonSerializer.Deserialize<RoutingLogEntry>(line, s_options);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // ArgumentException: a line that is not valid UTF-16 (a lone surrogate) cannot even be read as JSON.
            throw new RoutingDataException($"{sourceName}:{lineNumber}: not a routing-log entry: {Described(e)}", e);
        }

        string? problem = entry is null ? "the line is JSON null, not an entry" : Validate(entry);
        return problem is null
            ? entry!
            : throw new RoutingDataException($"{sourceName}:{lineNumber}: {problem}");
    }

    /// <summary>The reader's message, with the JSON path when the message does not give it (a repeated key of a map).</summary>
    private static string Described(Exception e) =>
        e is JsonException { Path: { Length: > 1 } path } && !e.Message.Contains(path, StringComparison.Ordinal) ? $"{e.Message} (at {path})" : e.Message;

    /// <summary>The first problem of an entry, or null when it is well formed.</summary>
    internal static string? Validate(RoutingLogEntry entry)
    {
        if (string.IsNullOrWhiteSpace(entry.Id))
        {
            return "'id' is empty";
        }

        if (entry.Prompt is null)
        {
            return $"entry '{entry.Id}' has no 'prompt'";
        }

        if (entry.Outcomes is null)
        {
            return $"entry '{entry.Id}' has no 'outcomes'";
        }

        foreach (var (model, outcome) in entry.Outcomes)
        {
            string? problem = outcome is null ? "is null" : ValidateOutcome(outcome);
            if (problem is not null)
            {
                return $"entry '{entry.Id}', model '{model}': outcome {problem}";
            }
        }

        return null;
    }

    private static string? ValidateOutcome(ModelOutcome outcome) => outcome switch
    {
        { Score: var s } when !(s >= 0 && s <= 1) => $"'score' {Format(s)} is outside [0, 1]",
        { InputTokens: < 0 } => "'input_tokens' is negative",
        { OutputTokens: < 0 } => "'output_tokens' is negative",
        { CostUsd: double c } when !double.IsFinite(c) || c < 0 => $"'cost_usd' {Format(c)} is not a finite amount of zero or more",
        { LatencyMs: double l } when !double.IsFinite(l) || l < 0 => $"'latency_ms' {Format(l)} is not a finite duration of zero or more",
        _ => null,
    };

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}

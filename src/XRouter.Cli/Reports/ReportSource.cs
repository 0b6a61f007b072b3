namespace XRouter.Cli.Reports;

/// <summary>Where an evaluation's inputs came from and how it was invoked, for the report's header.</summary>
/// <param name="Data">The evaluated routing log.</param>
/// <param name="Train">The training routing log, if any.</param>
/// <param name="Catalog">The catalog file, if any.</param>
/// <param name="CommandLine">The command as typed, so the report can be reproduced.</param>
internal sealed record ReportSource(string Data, string? Train, string? Catalog, string CommandLine)
{
    /// <summary>What the user was warned about (excluded queries, leakage, graded scores).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

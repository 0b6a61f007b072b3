namespace XRouter.Cli.Commands;

/// <summary>
/// Runs a command body and turns the errors a user can cause (bad files, bad data, unknown models) into
/// one line on standard error and exit code 1, instead of a stack trace.
/// </summary>
internal static class CommandFailure
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (IsUserError(e))
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    public static Task<int> RunAsync(Func<int> body) => RunAsync(() => Task.FromResult(body()));

    private static bool IsUserError(Exception e) =>
        e is XRouter.Policy.Catalog.CatalogException
            or XRouter.Policy.Data.RoutingDataException
            or XRouter.Policy.Evaluation.EvaluationException
            or XRouter.Policy.Learning.Format.PolicyFileException
            or InvalidDataException
            or FileNotFoundException
            or DirectoryNotFoundException
            or System.Text.Json.JsonException
            or ArgumentException
            or FormatException
            or UnauthorizedAccessException
            or NotSupportedException
            or Microsoft.ML.OnnxRuntime.OnnxRuntimeException;
}

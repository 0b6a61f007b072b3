using Spectre.Console;

namespace XRouter.Cli.Reports;

/// <summary>Shows a progress bar while work runs, only when standard output is a terminal (never in pipes, files or CI logs).</summary>
internal static class TerminalProgress
{
    public static async Task<T> RunAsync<T>(string description, int total, bool quiet, Func<IProgress<int>?, Task<T>> work)
    {
        if (quiet || Console.IsOutputRedirected || total <= 0)
        {
            return await work(null).ConfigureAwait(false);
        }

        return await AnsiConsole.Progress()
            .AutoClear(true)
            .StartAsync(async context =>
            {
                var task = context.AddTask(description, maxValue: total);
                return await work(new Increment(task)).ConfigureAwait(false);
            })
            .ConfigureAwait(false);
    }

    // Synchronous, unlike Progress<T>, so the bar is exact when the work ends.
    private sealed class Increment(ProgressTask task) : IProgress<int>
    {
        public void Report(int value) => task.Increment(value);
    }
}

using System.CommandLine;
using XRouter.Cli.Commands;

namespace XRouter.Cli.Tests.Commands;

/// <summary>Runs xrouter verbs in-process and captures standard error. Tests using it share one collection: the console is global.</summary>
internal static class CliRunner
{
    public const string Collection = "console";

    public static async Task<(int ExitCode, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand { ImportCommand.Create(), EvalCommand.Create(), TrainCommand.Create() };
        var original = Console.Error;
        using var error = new StringWriter();
        Console.SetError(error);
        try
        {
            int code = await root.Parse(args).InvokeAsync();
            return (code, error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }

    public static string TempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "xrouter-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}

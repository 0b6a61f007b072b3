using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace XRouter.Testing.Services;

/// <summary>
/// Shared plumbing of the real database servers tests start: finding their binaries, picking a free loopback port,
/// running a command to completion and waiting until a server accepts connections.
/// </summary>
internal static class LocalServerProcess
{
    /// <summary>The first existing file among <paramref name="candidates"/>, or a match on PATH.</summary>
    public static string? Find(string name, params string[] candidates)
    {
        foreach (string candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        string? path = Environment.GetEnvironmentVariable("PATH");
        return path?.Split(Path.PathSeparator).Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Root may not run PostgreSQL; tests running as root drop to this system user.</summary>
    public static bool IsRoot => Environment.UserName == "root";

    public static Process Start(string file, IEnumerable<string> arguments, string? runAs = null) =>
        Process.Start(StartInfo(file, arguments, runAs)) ?? throw new InvalidOperationException($"{file} did not start.");

    /// <summary>Starts a long-running server whose output is drained into <paramref name="log"/>, so its pipes never fill.</summary>
    private static Process StartServer(string file, IEnumerable<string> arguments, string? runAs, System.Text.StringBuilder log)
    {
        var process = Start(file, arguments, runAs);
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task RunAsync(string file, IEnumerable<string> arguments, string? runAs = null)
    {
        using var process = Start(file, arguments, runAs);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {process.ExitCode}: {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
        }
    }

    private static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments, string? runAs)
    {
        var info = new ProcessStartInfo(runAs is null ? file : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        IEnumerable<string> prefix = runAs is null ? [] : ["-u", runAs, "--", file];
        foreach (string a in prefix.Concat(arguments))
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    /// <summary>Starts a server on <paramref name="port"/> and waits until it accepts connections; kills it when it never does.</summary>
    public static async Task<Process> StartServerAsync(string file, IEnumerable<string> arguments, string? runAs, int port, string name, TimeSpan timeout)
    {
        var log = new System.Text.StringBuilder();
        var process = StartServer(file, arguments, runAs, log);
        try
        {
            await WaitForPortAsync(port, process, log, name, timeout).ConfigureAwait(false);
            return process;
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    /// <summary>Waits until something accepts TCP connections on the loopback port.</summary>
    private static async Task WaitForPortAsync(int port, Process process, System.Text.StringBuilder log, string name, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync().ConfigureAwait(false);
                string output;
                lock (log)
                {
                    output = log.ToString();
                }

                throw new InvalidOperationException($"{name} exited with {process.ExitCode} before accepting connections: {output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }

        throw new TimeoutException($"{name} did not accept connections on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s.");
    }

    public static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
    }
}

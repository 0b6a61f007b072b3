using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace XRouter.LedgerSoak;

/// <summary>The built <c>xrouter</c> CLI run as a child process: <c>xrouter serve</c> on a loopback port, or a one-shot command.</summary>
internal sealed class ServeProcess : IDisposable
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "xrouter.dll");
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServeProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>Starts <c>xrouter serve</c> with <paramref name="configuration"/> as <c>--Key=Value</c> arguments and waits until <c>/ready</c> answers.</summary>
    public static async Task<ServeProcess> StartAsync(IReadOnlyDictionary<string, string> configuration)
    {
        int port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var process = Start(["serve", "--urls", baseUrl.ToString().TrimEnd('/'), .. configuration.Select(p => $"--{p.Key}={p.Value}")]);
        var server = new ServeProcess(process, baseUrl);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Runs an <c>xrouter</c> command to its end and returns its standard output.</summary>
    public static async Task<string> RunAsync(IEnumerable<string> arguments)
    {
        using var process = Start(arguments);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"xrouter {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors}");
    }

    /// <summary>SIGKILL: no shutdown, no flush, no finally block runs in the server.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private static Process Start(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Cli);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("xrouter did not start");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await http.GetAsync(new Uri("ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        string log;
        lock (_log)
        {
            log = _log.ToString();
        }

        throw new InvalidOperationException($"xrouter serve did not become ready on {BaseUrl}: {log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;

namespace XRouter.Testing.Services;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port with its data in a temporary folder and persistence off,
/// stopped and deleted on dispose.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RedisServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    /// <summary>The redis-server binary, or null when it is not installed.</summary>
    public static string? Binary { get; } = LocalServerProcess.Find("redis-server", "/usr/bin/redis-server", "/usr/local/bin/redis-server");

    /// <summary>Why tests that need Redis are skipped here, or null when they can run.</summary>
    public static string? SkipReason => Binary is null
        ? "redis-server is not installed (apt-get install redis-server; .ci/run does this)"
        : null;

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false";

    /// <summary>Starts a server and waits until it accepts connections.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        string binary = Binary ?? throw new InvalidOperationException(SkipReason);
        string directory = Directory.CreateTempSubdirectory("xrouter-redis-").FullName;
        int port = LocalServerProcess.FreePort();
        var process = await LocalServerProcess.StartServerAsync(
            binary,
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "no", "--daemonize", "no"],
            null,
            port,
            "redis-server",
            TimeSpan.FromSeconds(20)).ConfigureAwait(false);

        return new RedisServer(process, directory, port);
    }

    /// <summary>Stops the server and deletes its folder.</summary>
    public ValueTask DisposeAsync()
    {
        LocalServerProcess.Kill(_process);
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

using System.Diagnostics;
using System.Globalization;

namespace XRouter.Testing.Services;

/// <summary>
/// A real PostgreSQL server (<c>initdb</c> + <c>postgres</c> from the Debian packages) in a temporary folder on a
/// free loopback port, with trust authentication for its one superuser; stopped and deleted on dispose. PostgreSQL
/// refuses to run as root, so under root it runs as the <c>postgres</c> system user the package creates.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string User = "xrouter";
    private readonly Process _process;
    private readonly string _directory;

    private PostgresServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    /// <summary>The folder holding initdb and postgres, or null when PostgreSQL is not installed.</summary>
    public static string? BinDirectory { get; } = FindBinDirectory();

    /// <summary>Why tests that need PostgreSQL are skipped here, or null when they can run.</summary>
    public static string? SkipReason => BinDirectory is null
        ? "PostgreSQL is not installed (apt-get install postgresql; .ci/run does this)"
        : null;

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>An Npgsql connection string for the server's <c>postgres</c> database.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={User};Database=postgres";

    /// <summary>Creates a cluster, starts the server and waits until it accepts connections.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        string bin = BinDirectory ?? throw new InvalidOperationException(SkipReason);
        string directory = Directory.CreateTempSubdirectory("xrouter-postgres-").FullName;
        string? runAs = LocalServerProcess.IsRoot ? "postgres" : null;
        if (runAs is not null)
        {
            await LocalServerProcess.RunAsync("chown", [runAs, directory]).ConfigureAwait(false);
        }

        string data = Path.Combine(directory, "data");
        await LocalServerProcess.RunAsync(
            Path.Combine(bin, "initdb"),
            ["-D", data, "-U", User, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"],
            runAs).ConfigureAwait(false);
        int port = LocalServerProcess.FreePort();
        var process = await LocalServerProcess.StartServerAsync(
            Path.Combine(bin, "postgres"),
            ["-D", data, "-p", port.ToString(CultureInfo.InvariantCulture), "-h", "127.0.0.1", "-k", directory, "-c", "max_connections=300", "-c", "fsync=on"],
            runAs,
            port,
            "postgres",
            TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var server = new PostgresServer(process, directory, port);
        try
        {
            await WaitUntilReadyAsync(bin, port).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the server and deletes its folder.</summary>
    public ValueTask DisposeAsync()
    {
        LocalServerProcess.Kill(_process);
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    // The port opens before recovery ends ("the database system is starting up"); pg_isready says when queries work.
    private static async Task WaitUntilReadyAsync(string bin, int port)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await LocalServerProcess.RunAsync(Path.Combine(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-U", User, "-d", "postgres"]).ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException) when (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    private static string? FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
        {
            string? newest = Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")) && File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        string? initdb = LocalServerProcess.Find("initdb");
        return initdb is null ? null : Path.GetDirectoryName(initdb);
    }
}

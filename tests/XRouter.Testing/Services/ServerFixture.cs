using Xunit;

namespace XRouter.Testing.Services;

/// <summary>
/// Starts one real server for every test that shares the fixture, and tells tests to skip, with the reason, only
/// when the server is not installed or cannot start here.
/// </summary>
/// <typeparam name="TServer">The server type.</typeparam>
public abstract class ServerFixture<TServer> : IAsyncLifetime
    where TServer : class, IAsyncDisposable
{
    private TServer? _server;
    private string? _unavailable;

    /// <summary>The running server; skips the calling <c>[SkippableFact]</c> when there is none.</summary>
    public TServer Server
    {
        get
        {
            Skip.If(_server is null, _unavailable ?? "the server was not started");
            return _server!;
        }
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (SkipReason is string reason)
        {
            _unavailable = reason;
            return;
        }

        try
        {
            _server = await StartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            _unavailable = $"{typeof(TServer).Name} could not start here: {e.Message}";
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Why the server cannot run here (not installed), or null.</summary>
    protected abstract string? SkipReason { get; }

    /// <summary>Starts the server.</summary>
    protected abstract Task<TServer> StartAsync();
}

/// <summary>One real <c>redis-server</c> shared by a test class.</summary>
public sealed class RedisServerFixture : ServerFixture<RedisServer>
{
    /// <inheritdoc />
    protected override string? SkipReason => RedisServer.SkipReason;

    /// <inheritdoc />
    protected override Task<RedisServer> StartAsync() => RedisServer.StartAsync();
}

/// <summary>One real PostgreSQL server shared by a test class.</summary>
public sealed class PostgresServerFixture : ServerFixture<PostgresServer>
{
    /// <inheritdoc />
    protected override string? SkipReason => PostgresServer.SkipReason;

    /// <inheritdoc />
    protected override Task<PostgresServer> StartAsync() => PostgresServer.StartAsync();
}

using Microsoft.Extensions.AI;
using XRouter.Policy.Data;

namespace XRouter.Policy.Replay;

/// <summary>One <see cref="ReplayChatClient"/> per model of a routing log, sharing one prompt index.</summary>
public sealed class ReplayFleet
{
    private readonly ReplayIndex _index;
    private readonly ReplayOptions _options;

    /// <summary>Indexes <paramref name="log"/> by prompt.</summary>
    /// <param name="log">The routing-log entries.</param>
    /// <param name="options">Latency replay; null for defaults.</param>
    public ReplayFleet(IEnumerable<RoutingLogEntry> log, ReplayOptions? options = null)
    {
        _index = new ReplayIndex(log);
        _options = options ?? new ReplayOptions();
    }

    /// <summary>Every model with a recorded outcome in the log.</summary>
    public IReadOnlyList<string> Models => _index.Models;

    /// <summary>The replay client of <paramref name="modelId"/>.</summary>
    /// <exception cref="ArgumentException">The log records no outcome of this model.</exception>
    public IChatClient CreateClient(string modelId)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        return Models.Contains(modelId, StringComparer.Ordinal)
            ? new ReplayChatClient(modelId, _index, _options)
            : throw new ArgumentException($"The routing log records no outcome of model '{modelId}'; it has {string.Join(", ", Models)}.", nameof(modelId));
    }

    /// <summary>A replay client for every model of the log, by model id.</summary>
    public IReadOnlyDictionary<string, IChatClient> CreateClients() =>
        Models.ToDictionary(m => m, CreateClient, StringComparer.Ordinal);
}

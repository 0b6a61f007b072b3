using Microsoft.Extensions.AI;
using XRouter.Policy.Data;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Learning.Features;

/// <summary>The embeddings of a routing log's queries, computed once with the generator a policy is trained with.</summary>
internal sealed class QueryEmbeddings
{
    private const int BatchSize = 64;
    private readonly Dictionary<string, float[]> _byId;

    private QueryEmbeddings(Dictionary<string, float[]> byId, int dimensions)
    {
        _byId = byId;
        Dimensions = dimensions;
    }

    /// <summary>No embeddings: text features only.</summary>
    public static QueryEmbeddings None { get; } = new([], 0);

    public int Dimensions { get; }

    /// <exception cref="InvalidOperationException">The generator returned no vector for a query, or vectors of different lengths.</exception>
    public static async Task<QueryEmbeddings> ComputeAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<RoutingLogEntry> entries, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<string, float[]>(StringComparer.Ordinal);
        int dimensions = -1;
        foreach (var batch in entries.Chunk(BatchSize))
        {
            var vectors = await generator.GenerateAsync(batch.Select(e => e.Prompt), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (vectors.Count != batch.Length)
            {
                throw new InvalidOperationException($"The embedding generator returned {vectors.Count} vectors for {batch.Length} queries.");
            }

            for (int i = 0; i < batch.Length; i++)
            {
                var vector = vectors[i].Vector.ToArray();
                dimensions = dimensions < 0 ? vector.Length : dimensions;
                if (vector.Length != dimensions || dimensions == 0)
                {
                    throw new InvalidOperationException($"The embedding of query '{batch[i].Id}' has {vector.Length} dimensions; the first had {dimensions}.");
                }

                byId[batch[i].Id] = vector;
            }
        }

        return new QueryEmbeddings(byId, Math.Max(0, dimensions));
    }

    /// <summary>The routing query of a log entry, with its embedding when there are embeddings.</summary>
    public RoutingQuery QueryOf(RoutingLogEntry entry) =>
        new(entry.Id, entry.Prompt, entry.Task) { Embedding = Dimensions == 0 ? default : _byId[entry.Id] };
}

using XRouter.Policy.Routing;

namespace XRouter.Policy.Learning.Features;

/// <summary>
/// The features of a query: the built-in hashed text features and, for a policy trained with an embedding model, the
/// query's embedding (L2-normalized) after them. The embedding comes with the query (<see cref="RoutingQuery.Embedding"/>),
/// computed by whoever builds it with the same <c>IEmbeddingGenerator</c> the policy was trained with.
/// </summary>
internal sealed class QueryFeaturizer
{
    public QueryFeaturizer(HashedTextFeaturizer text, int embeddingDimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(embeddingDimensions);
        Text = text;
        EmbeddingDimensions = embeddingDimensions;
    }

    public HashedTextFeaturizer Text { get; }

    /// <summary>The length of the query embeddings the policy reads; 0 when it reads text features only.</summary>
    public int EmbeddingDimensions { get; }

    public int Dimension => Text.Dimension + EmbeddingDimensions;

    /// <summary>
    /// The features of a query that named no task (<paramref name="taskless"/>) as they would be had it named
    /// <paramref name="task"/>: the task's indicator added, nothing else featurized again.
    /// </summary>
    public SparseVector WithTask(SparseVector taskless, string task)
    {
        int index = Text.TaskIndex(task);
        int at = Array.FindIndex(taskless.Indices, i => i >= Text.Dimension);
        at = at < 0 ? taskless.Indices.Length : at;
        int[] indices = [.. taskless.Indices.AsSpan(0, at), index, .. taskless.Indices.AsSpan(at)];
        float[] values = [.. taskless.Values.AsSpan(0, at), 1f, .. taskless.Values.AsSpan(at)];
        return new SparseVector(indices, values);
    }

    /// <exception cref="InvalidOperationException">The policy reads embeddings and the query has none, or one of another length.</exception>
    public SparseVector Featurize(RoutingQuery query)
    {
        var text = Text.Featurize(query.Prompt, query.Task);
        if (EmbeddingDimensions == 0)
        {
            return text;
        }

        if (query.Embedding.Length != EmbeddingDimensions)
        {
            throw new InvalidOperationException(query.Embedding.IsEmpty
                ? $"The policy was trained with {EmbeddingDimensions}-dimensional query embeddings and query '{query.Id}' has none: give the policy's host the embedding generator it was trained with."
                : $"Query '{query.Id}' has a {query.Embedding.Length}-dimensional embedding; the policy was trained with {EmbeddingDimensions} dimensions (another embedding model?).");
        }

        var embedding = query.Embedding.Span;
        double norm = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(embedding));
        var indices = new int[text.Indices.Length + EmbeddingDimensions];
        var values = new float[indices.Length];
        text.Indices.CopyTo(indices, 0);
        text.Values.CopyTo(values, 0);
        for (int i = 0; i < EmbeddingDimensions; i++)
        {
            indices[text.Indices.Length + i] = Text.Dimension + i;
            values[text.Indices.Length + i] = norm > 0 ? (float)(embedding[i] / norm) : 0;
        }

        return new SparseVector(indices, values);
    }
}

namespace XRouter.Policy.Routing;

/// <summary>One query to route.</summary>
/// <param name="Id">A stable id (a routing-log id, or a request id).</param>
/// <param name="Prompt">The user's query, as the downstream models receive it.</param>
/// <param name="Task">The task family (for example <c>gsm8k</c>), when known.</param>
public sealed record RoutingQuery(string Id, string Prompt, string? Task = null)
{
    /// <summary>
    /// The query's embedding, for policies trained with an embedding model (see <c>LearnedRoutingPolicy.EmbeddingDimensions</c>);
    /// empty when none was computed.
    /// </summary>
    public ReadOnlyMemory<float> Embedding { get; init; }
}

namespace XRouter.Policy.Catalog;

/// <summary>One priced model of the catalog, as the router is told about it.</summary>
public sealed record ModelCard
{
    /// <summary>The model id, as downstream endpoints and routing logs name it.</summary>
    public required string Id { get; init; }

    /// <summary>The advertised quality and price band.</summary>
    public ModelTier Tier { get; init; }

    /// <summary>USD per 1M input tokens.</summary>
    public required double InputPerMTok { get; init; }

    /// <summary>USD per 1M output tokens.</summary>
    public required double OutputPerMTok { get; init; }

    /// <summary>USD per 1M cached input tokens, when the provider discounts them; otherwise cached tokens cost <see cref="InputPerMTok"/>.</summary>
    public double? CachedInputPerMTok { get; init; }

    /// <summary>Free text shown to the router: what the model is good at.</summary>
    public string? Description { get; init; }

    /// <summary>The context window in tokens, when known.</summary>
    public int? ContextWindow { get; init; }

    /// <summary>The most output tokens one call may produce, when known.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>The USD cost of <paramref name="usage"/> at this model's prices.</summary>
    public double CostOf(TokenUsage usage)
    {
        long uncached = usage.InputTokens - usage.CachedInputTokens;
        double cachedPrice = CachedInputPerMTok ?? InputPerMTok;
        return ((uncached * InputPerMTok) + (usage.CachedInputTokens * cachedPrice) + (usage.OutputTokens * OutputPerMTok)) / 1_000_000d;
    }
}

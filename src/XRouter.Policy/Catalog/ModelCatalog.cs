using System.Diagnostics.CodeAnalysis;

namespace XRouter.Policy.Catalog;

/// <summary>
/// The priced models a router may call. Every model in it has both prices; asking for a model that is
/// not in it is an error, never a free call.
/// </summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, ModelCard> _byId;

    /// <summary>Creates a catalog and validates it.</summary>
    /// <param name="models">The models, in the order they are advertised.</param>
    /// <exception cref="CatalogException">A duplicate id, an empty id, or a negative or non-finite price.</exception>
    public ModelCatalog(IEnumerable<ModelCard> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        Models = [.. models];
        _byId = new Dictionary<string, ModelCard>(StringComparer.Ordinal);
        foreach (var card in Models)
        {
            Validate(card);
            if (!_byId.TryAdd(card.Id, card))
            {
                throw new CatalogException($"The catalog lists model '{card.Id}' more than once.");
            }
        }
    }

    /// <summary>The models, in catalog order.</summary>
    public IReadOnlyList<ModelCard> Models { get; }

    /// <summary>Finds a model by id.</summary>
    public bool TryGet(string modelId, [NotNullWhen(true)] out ModelCard? card) =>
        _byId.TryGetValue(modelId, out card);

    /// <summary>Returns the model with id <paramref name="modelId"/>.</summary>
    /// <exception cref="CatalogException">The model is not in the catalog.</exception>
    public ModelCard Get(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        return _byId.TryGetValue(modelId, out var card)
            ? card
            : throw new CatalogException(
                $"Model '{modelId}' is not in the catalog, so its price is unknown. Known models: {string.Join(", ", _byId.Keys.Order(StringComparer.Ordinal))}.");
    }

    /// <summary>The USD cost of <paramref name="usage"/> on model <paramref name="modelId"/>.</summary>
    /// <exception cref="CatalogException">The model is not in the catalog.</exception>
    public double CostOf(string modelId, TokenUsage usage) => Get(modelId).CostOf(usage);

    private static void Validate(ModelCard card)
    {
        if (string.IsNullOrWhiteSpace(card.Id))
        {
            throw new CatalogException("A catalog model has an empty id.");
        }

        CheckPrice(card.Id, "input_per_mtok", card.InputPerMTok);
        CheckPrice(card.Id, "output_per_mtok", card.OutputPerMTok);
        if (card.CachedInputPerMTok is double cached)
        {
            CheckPrice(card.Id, "cached_input_per_mtok", cached);
        }

        if (card.ContextWindow is <= 0)
        {
            throw new CatalogException($"Model '{card.Id}' has context_window {card.ContextWindow}; it must be positive.");
        }

        if (card.MaxOutputTokens is <= 0)
        {
            throw new CatalogException($"Model '{card.Id}' has max_output_tokens {card.MaxOutputTokens}; it must be positive.");
        }
    }

    private static void CheckPrice(string id, string field, double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new CatalogException($"Model '{id}' has {field} {value}; a price must be a finite number of USD per 1M tokens, zero or more.");
        }
    }
}

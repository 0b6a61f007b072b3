using XRouter.Policy.Catalog;
using XRouter.Policy.Data;

namespace XRouter.Policy.Evaluation;

/// <summary>
/// The USD cost of a recorded outcome. With a catalog, known tokens are priced at its prices (so a new or
/// perturbed catalog re-prices the log); otherwise, or without tokens, the recorded <c>cost_usd</c> is used.
/// A cost that neither gives is an error, never $0.
/// </summary>
public sealed class OutcomePricing
{
    private readonly ModelCatalog? _catalog;

    /// <summary>Creates the pricing.</summary>
    /// <param name="catalog">The catalog whose prices win over recorded costs where tokens are known, or null.</param>
    public OutcomePricing(ModelCatalog? catalog) => _catalog = catalog;

    /// <summary>The catalog, when one was given.</summary>
    public ModelCatalog? Catalog => _catalog;

    /// <summary>The cost of <paramref name="outcome"/> of <paramref name="modelId"/> on query <paramref name="queryId"/>.</summary>
    /// <exception cref="EvaluationException">Neither tokens with a catalog price nor a recorded cost is available.</exception>
    public double CostOf(string queryId, string modelId, ModelOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (_catalog is not null && outcome is { InputTokens: long input, OutputTokens: long output }
            && _catalog.TryGet(modelId, out var card))
        {
            return card.CostOf(new TokenUsage(input, output));
        }

        return outcome.CostUsd
            ?? throw new EvaluationException(_catalog is null
                ? $"Query '{queryId}', model '{modelId}': the outcome records no cost_usd; pass --catalog to price its tokens."
                : $"Query '{queryId}', model '{modelId}': the outcome records no cost_usd and no tokens the catalog can price (is the model in the catalog?).");
    }
}

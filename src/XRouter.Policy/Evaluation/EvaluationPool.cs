using XRouter.Policy.Catalog;
using XRouter.Policy.Data;

namespace XRouter.Policy.Evaluation;

/// <summary>The models a policy may call during an evaluation, as cards with prices, and how outcomes are priced.</summary>
public sealed class EvaluationPool
{
    private EvaluationPool(IReadOnlyList<ModelCard> cards, OutcomePricing pricing, string priceSource, ModelCard? directAnswerModel = null)
    {
        Cards = cards;
        Pricing = pricing;
        PriceSource = priceSource;
        DirectAnswerModel = directAnswerModel;
    }

    /// <summary>The pool's models, as policies see them.</summary>
    public IReadOnlyList<ModelCard> Cards { get; }

    /// <summary>The designated direct-answer model (see <see cref="Routing.RoutingState.DirectAnswerModel"/>), or null.</summary>
    public ModelCard? DirectAnswerModel { get; }

    /// <summary>Prices recorded outcomes.</summary>
    public OutcomePricing Pricing { get; }

    /// <summary>Where the cards' prices come from, for reports.</summary>
    public string PriceSource { get; }

    /// <summary>A pool whose cards come from <paramref name="catalog"/>, which also prices outcomes with known tokens.</summary>
    /// <exception cref="CatalogException">A model of <paramref name="models"/> is not in the catalog.</exception>
    public static EvaluationPool FromCatalog(IReadOnlyList<string> models, ModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(catalog);
        return new EvaluationPool([.. models.Select(catalog.Get)], new OutcomePricing(catalog), "catalog");
    }

    /// <summary>
    /// A pool without a catalog: each card's prices per 1M input and output tokens are fitted to the model's recorded
    /// costs on <paramref name="reference"/> (see <see cref="RecordedPrices"/>; recorded tokens, else characters / 4).
    /// Outcomes are priced by their recorded <c>cost_usd</c>.
    /// </summary>
    /// <exception cref="EvaluationException">An outcome of the reference records no cost.</exception>
    public static EvaluationPool FromRecordedCosts(EvaluationDataset reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var pricing = new OutcomePricing(null);
        var cards = reference.Models.Select(model =>
        {
            var (inputPerMTok, outputPerMTok) = RecordedPrices.Fit(reference.Entries.Select(entry =>
            {
                var outcome = entry.Outcomes[model];
                var (input, output) = TokensOf(entry, outcome);
                return (input, output, pricing.CostOf(entry.Id, model, outcome));
            }));
            return new ModelCard
            {
                Id = model,
                InputPerMTok = inputPerMTok,
                OutputPerMTok = outputPerMTok,
                Description = "prices fitted to the log's recorded costs",
            };
        });
        return new EvaluationPool([.. cards], pricing, "recorded costs (cost_usd) of the log");
    }

    /// <summary>
    /// The same pool with <paramref name="modelId"/> as the designated direct-answer model: no longer a tool, it writes
    /// the answers of policies that answer directly, priced as its recorded outcomes are.
    /// </summary>
    /// <exception cref="EvaluationException">The model is not one of the pool's.</exception>
    public EvaluationPool WithDirectAnswerModel(string modelId)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        var card = Cards.FirstOrDefault(c => c.Id == modelId)
            ?? throw new EvaluationException($"The direct-answer model '{modelId}' is not a model of the pool ({string.Join(", ", Cards.Select(c => c.Id))}).");
        return new EvaluationPool([.. Cards.Where(c => c.Id != modelId)], Pricing, PriceSource, card);
    }

    // Recorded tokens where the outcome has them, else characters / 4 (as policies estimate a request's tokens).
    private static (double Input, double Output) TokensOf(RoutingLogEntry entry, ModelOutcome outcome) =>
        (outcome.InputTokens ?? (entry.Prompt.Length / 4.0), outcome.OutputTokens ?? ((outcome.Response?.Length ?? 0) / 4.0));
}

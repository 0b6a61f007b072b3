using System.Globalization;
using System.Text;
using XRouter.Policy.Catalog;

namespace XRouter.SemanticKernel.Pool;

/// <summary>Renders the description a router reads for one model tool: capabilities, tier, price and context window.</summary>
internal static class ModelToolDescription
{
    public static string For(ModelCard card)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Send the user's query to {card.Id} with a system prompt you write for it; returns its reply.");
        if (!string.IsNullOrWhiteSpace(card.Description))
        {
            text.Append(' ').Append(card.Description.Trim());
        }

        if (card.Tier != ModelTier.Unspecified)
        {
            text.Append(CultureInfo.InvariantCulture, $" Tier: {card.Tier.ToString().ToLowerInvariant()}.");
        }

        text.Append(CultureInfo.InvariantCulture, $" Price: ${card.InputPerMTok:0.00##} input / ${card.OutputPerMTok:0.00##} output per 1M tokens.");
        if (card.ContextWindow is int window)
        {
            text.Append(CultureInfo.InvariantCulture, $" Context window: {window:N0} tokens.");
        }

        return text.ToString();
    }
}

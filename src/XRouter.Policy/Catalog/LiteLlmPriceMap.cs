using System.Text.Json;
using System.Text.Json.Nodes;

namespace XRouter.Policy.Catalog;

/// <summary>
/// Imports models from the public LiteLLM price map (<c>model_prices_and_context_window.json</c>),
/// whose prices are USD per token; the catalog keeps USD per 1M tokens.
/// </summary>
public static class LiteLlmPriceMap
{
    private static readonly (string Field, string Capability)[] s_capabilities =
    [
        ("supports_function_calling", "function calling"),
        ("supports_reasoning", "reasoning"),
        ("supports_vision", "vision"),
        ("supports_response_schema", "structured output"),
        ("supports_prompt_caching", "prompt caching"),
    ];

    /// <summary>Builds a catalog of <paramref name="modelIds"/> from price-map JSON text.</summary>
    /// <param name="json">The price map.</param>
    /// <param name="modelIds">The keys of the price map to import, in the order wanted.</param>
    /// <exception cref="CatalogException">A model is absent from the map or has no input or output price.</exception>
    public static ModelCatalog Import(string json, IEnumerable<string> modelIds)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(modelIds);
        JsonObject map;
        try
        {
            map = JsonNode.Parse(json) as JsonObject ?? throw new CatalogException("The price map is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new CatalogException($"The price map is not valid JSON: {e.Message}", e);
        }

        var ids = modelIds.ToList();
        if (ids.Count == 0)
        {
            throw new CatalogException("Name at least one model to import.");
        }

        return new ModelCatalog(ids.Select(id => ToCard(id, map[id] as JsonObject ?? throw new CatalogException($"Model '{id}' is not in the price map."))));
    }

    private static ModelCard ToCard(string id, JsonObject entry)
    {
        double input = PerToken(entry, "input_cost_per_token") ?? throw MissingPrice(id, "input_cost_per_token");
        double output = PerToken(entry, "output_cost_per_token") ?? throw MissingPrice(id, "output_cost_per_token");
        return new ModelCard
        {
            Id = id,
            InputPerMTok = PerMillion(input),
            OutputPerMTok = PerMillion(output),
            CachedInputPerMTok = PerToken(entry, "cache_read_input_token_cost") is double cached ? PerMillion(cached) : null,
            ContextWindow = WholeNumber(entry, "max_input_tokens"),
            MaxOutputTokens = WholeNumber(entry, "max_output_tokens"),
            Description = Describe(entry),
        };
    }

    private static CatalogException MissingPrice(string id, string field) =>
        new($"Model '{id}' has no {field} in the price map; an unknown price cannot be imported as $0.");

    // Per-token prices such as 1.25e-06 carry binary noise; rounding to 1e-9 $/1M keeps the catalog readable.
    private static double PerMillion(double perToken) => Math.Round(perToken * 1_000_000d, 9);

    private static double? PerToken(JsonObject entry, string field) =>
        entry[field] is JsonValue v && v.TryGetValue(out double d) ? d : null;

    private static int? WholeNumber(JsonObject entry, string field) =>
        entry[field] is JsonValue v && v.TryGetValue(out double d) && d > 0 && d <= int.MaxValue ? (int)d : null;

    private static string? Describe(JsonObject entry)
    {
        var capabilities = s_capabilities
            .Where(c => entry[c.Field] is JsonValue v && v.TryGetValue(out bool b) && b)
            .Select(c => c.Capability)
            .ToList();
        return capabilities.Count == 0 ? null : "Supports " + string.Join(", ", capabilities) + ".";
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XRouter.Policy.Catalog;

/// <summary>
/// Reads and writes the catalog JSON of <c>routing-data.md</c>:
/// <c>{"models": [{"id", "tier", "input_per_mtok", "output_per_mtok", ...}]}</c>. Unknown fields are ignored.
/// </summary>
public static class CatalogJson
{
    private static readonly JsonSerializerOptions s_writeOptions = new() { WriteIndented = true };

    /// <summary>Reads a catalog file.</summary>
    /// <exception cref="CatalogException">The file is not a valid catalog; the message names the file and the model.</exception>
    public static ModelCatalog Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new CatalogException($"Catalog file '{path}' does not exist.");
        }

        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (CatalogException e)
        {
            throw new CatalogException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses catalog JSON text.</summary>
    /// <exception cref="CatalogException">The text is not a valid catalog.</exception>
    public static ModelCatalog Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false });
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new CatalogException($"The catalog is not valid JSON: {e.Message}", e);
        }

        if (root?["models"] is not JsonArray models)
        {
            throw new CatalogException("The catalog has no \"models\" array.");
        }

        var cards = new List<ModelCard>(models.Count);
        for (int i = 0; i < models.Count; i++)
        {
            cards.Add(ReadCard(models[i] as JsonObject ?? throw new CatalogException($"models[{i}] is not an object."), i));
        }

        return new ModelCatalog(cards);
    }

    /// <summary>Writes <paramref name="catalog"/> as indented catalog JSON.</summary>
    public static string Serialize(ModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var models = new JsonArray();
        foreach (var card in catalog.Models)
        {
            var json = new JsonObject { ["id"] = card.Id };
            if (card.Tier != ModelTier.Unspecified)
            {
                json["tier"] = card.Tier.ToString().ToLowerInvariant();
            }

            json["input_per_mtok"] = card.InputPerMTok;
            json["output_per_mtok"] = card.OutputPerMTok;
            if (card.CachedInputPerMTok is double cached)
            {
                json["cached_input_per_mtok"] = cached;
            }

            if (card.Description is not null)
            {
                json["description"] = card.Description;
            }

            if (card.ContextWindow is int window)
            {
                json["context_window"] = window;
            }

            if (card.MaxOutputTokens is int maxOutput)
            {
                json["max_output_tokens"] = maxOutput;
            }

            models.Add(json);
        }

        return new JsonObject { ["models"] = models }.ToJsonString(s_writeOptions);
    }

    private static ModelCard ReadCard(JsonObject json, int index)
    {
        string id = json["id"] is JsonValue idValue && idValue.TryGetValue(out string? s) && !string.IsNullOrWhiteSpace(s)
            ? s
            : throw new CatalogException($"models[{index}] has no \"id\" string.");
        return new ModelCard
        {
            Id = id,
            Tier = ReadTier(json, id),
            InputPerMTok = ReadNumber(json, "input_per_mtok", id) ?? throw MissingPrice(id, "input_per_mtok"),
            OutputPerMTok = ReadNumber(json, "output_per_mtok", id) ?? throw MissingPrice(id, "output_per_mtok"),
            CachedInputPerMTok = ReadNumber(json, "cached_input_per_mtok", id),
            Description = json["description"] is JsonValue d && d.TryGetValue(out string? text) ? text : null,
            ContextWindow = ReadInt(json, "context_window", id),
            MaxOutputTokens = ReadInt(json, "max_output_tokens", id),
        };
    }

    private static CatalogException MissingPrice(string id, string field) =>
        new($"Model '{id}' has no {field}; every catalog model needs both prices (USD per 1M tokens).");

    private static ModelTier ReadTier(JsonObject json, string id)
    {
        if (json["tier"] is not JsonValue value || !value.TryGetValue(out string? tier))
        {
            return ModelTier.Unspecified;
        }

        return Enum.TryParse<ModelTier>(tier, ignoreCase: true, out var parsed) && parsed != ModelTier.Unspecified
            ? parsed
            : throw new CatalogException($"Model '{id}' has tier '{tier}'; use premium, standard, budget or specialized.");
    }

    private static double? ReadNumber(JsonObject json, string field, string id)
    {
        var node = json[field];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue(out double number))
        {
            return number;
        }

        throw new CatalogException($"Model '{id}' has {field} {node.ToJsonString()}; it must be a number.");
    }

    private static int? ReadInt(JsonObject json, string field, string id)
    {
        double? number = ReadNumber(json, field, id);
        if (number is null)
        {
            return null;
        }

        return number.Value == Math.Floor(number.Value) && number.Value is >= int.MinValue and <= int.MaxValue
            ? (int)number.Value
            : throw new CatalogException($"Model '{id}' has {field} {number.Value.ToString(CultureInfo.InvariantCulture)}; it must be a whole number.");
    }
}

using System.Text;

namespace XRouter.Policy.Routing;

/// <summary>
/// The tool names a router sees: <c>call_&lt;model_id&gt;</c> per downstream model (characters other than
/// ASCII letters, digits and <c>_</c> become <c>_</c>) and <c>select_response</c>, as xRouter was trained.
/// </summary>
public static class ModelToolNames
{
    /// <summary>The prefix of every model tool.</summary>
    public const string CallPrefix = "call_";

    /// <summary>The tool that ends a request with an earlier reply, verbatim.</summary>
    public const string SelectResponse = "select_response";

    /// <summary>The argument of a model tool that carries the router's system prompt for that model.</summary>
    public const string SystemPromptArgument = "optimized_system_prompt";

    /// <summary>The optional sampling temperature argument of a model tool.</summary>
    public const string TemperatureArgument = "temperature";

    /// <summary>The argument of <see cref="SelectResponse"/> naming the model tool whose reply is chosen.</summary>
    public const string ModelCallNameArgument = "model_call_name";

    /// <summary>The tool name for a model id, for example <c>gpt-4.1-mini</c> becomes <c>call_gpt_4_1_mini</c>.</summary>
    public static string ForModel(string modelId)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        var name = new StringBuilder(CallPrefix.Length + modelId.Length).Append(CallPrefix);
        foreach (char c in modelId)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return name.ToString();
    }

    /// <summary>Maps each model id to its tool name.</summary>
    /// <exception cref="ArgumentException">Two ids map to the same tool name; the message names both.</exception>
    public static IReadOnlyDictionary<string, string> ToolNameByModel(IEnumerable<string> modelIds)
    {
        ArgumentNullException.ThrowIfNull(modelIds);
        var modelByName = new Dictionary<string, string>(StringComparer.Ordinal);
        var nameByModel = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string id in modelIds)
        {
            string name = ForModel(id);
            if (modelByName.TryGetValue(name, out string? other) && other != id)
            {
                throw new ArgumentException($"Models '{other}' and '{id}' both map to tool name '{name}'; rename one in the catalog.", nameof(modelIds));
            }

            modelByName[name] = id;
            nameByModel[id] = name;
        }

        return nameByModel;
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.SemanticKernel;

namespace XRouter.SemanticKernel.Settings;

/// <summary>Per-request settings of the XRouter chat service.</summary>
public sealed class XRouterPromptExecutionSettings : PromptExecutionSettings
{
    private double? _costPenalty;
    private double? _maxCostUsd;
    private int? _maxTurns;
    private IList<string>? _allowedModels;
    private string? _budgetAccount;

    /// <summary>How much a dollar weighs against accuracy for this request (lambda); null uses the configured default.</summary>
    [JsonPropertyName("cost_penalty")]
    public double? CostPenalty
    {
        get => _costPenalty;
        set
        {
            ThrowIfFrozen();
            if (value is double v && (!double.IsFinite(v) || v < 0))
            {
                throw new ArgumentOutOfRangeException(nameof(value), v, "cost_penalty must be a finite number, zero or more.");
            }

            _costPenalty = value;
        }
    }

    /// <summary>
    /// The most this request may spend in USD, router included; null uses <c>XRouter:DefaultMaxCostUsd</c>. Every call
    /// reserves its worst case first; a call's output cap is lowered to what is left, and a call is refused only when
    /// even a minimal reply cannot fit.
    /// </summary>
    [JsonPropertyName("max_cost_usd")]
    public double? MaxCostUsd
    {
        get => _maxCostUsd;
        set
        {
            ThrowIfFrozen();
            if (value is double v && (!double.IsFinite(v) || v < 0))
            {
                throw new ArgumentOutOfRangeException(nameof(value), v, "max_cost_usd must be a finite number, zero or more.");
            }

            _maxCostUsd = value;
        }
    }

    /// <summary>Most router turns for this request; null uses the configured default.</summary>
    [JsonPropertyName("max_turns")]
    public int? MaxTurns
    {
        get => _maxTurns;
        set
        {
            ThrowIfFrozen();
            if (value is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "max_turns must be at least 1.");
            }

            _maxTurns = value;
        }
    }

    /// <summary>The catalog ids the router may call for this request; null allows the whole pool.</summary>
    [JsonPropertyName("allowed_models")]
    public IList<string>? AllowedModels
    {
        get => _allowedModels;
        set
        {
            ThrowIfFrozen();
            _allowedModels = value;
        }
    }

    /// <summary>The shared budget account this request also draws on (for example a tenant or API key); null for none.</summary>
    [JsonPropertyName("budget_account")]
    public string? BudgetAccount
    {
        get => _budgetAccount;
        set
        {
            ThrowIfFrozen();
            if (value is not null && string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException("budget_account must name an account, or be null.", nameof(value));
            }

            _budgetAccount = value;
        }
    }

    /// <inheritdoc />
    public override PromptExecutionSettings Clone() => new XRouterPromptExecutionSettings
    {
        ModelId = ModelId,
        ServiceId = ServiceId,
        ExtensionData = ExtensionData is null ? null : new Dictionary<string, object>(ExtensionData),
        FunctionChoiceBehavior = FunctionChoiceBehavior,
        CostPenalty = CostPenalty,
        MaxCostUsd = MaxCostUsd,
        MaxTurns = MaxTurns,
        AllowedModels = AllowedModels is null ? null : [.. AllowedModels],
        BudgetAccount = BudgetAccount,
    };

    /// <summary>
    /// Converts any execution settings to XRouter settings, reading the snake_case keys of
    /// <see cref="PromptExecutionSettings.ExtensionData"/> (as set by prompt templates and JSON configuration).
    /// </summary>
    /// <exception cref="ArgumentException">A known key holds a value of the wrong type or range.</exception>
    public static XRouterPromptExecutionSettings FromExecutionSettings(PromptExecutionSettings? executionSettings)
    {
        switch (executionSettings)
        {
            case null:
                return new XRouterPromptExecutionSettings();
            case XRouterPromptExecutionSettings settings:
                return settings;
        }

        var result = new XRouterPromptExecutionSettings
        {
            ModelId = executionSettings.ModelId,
            ServiceId = executionSettings.ServiceId,
            ExtensionData = executionSettings.ExtensionData,
            FunctionChoiceBehavior = executionSettings.FunctionChoiceBehavior,
        };
        if (executionSettings.ExtensionData is { } data)
        {
            result.CostPenalty = ReadDouble(data, "cost_penalty");
            result.MaxCostUsd = ReadDouble(data, "max_cost_usd");
            result.MaxTurns = ReadDouble(data, "max_turns") is double turns ? checked((int)turns) : null;
            result.AllowedModels = ReadStrings(data, "allowed_models");
            result.BudgetAccount = ReadString(data, "budget_account");
        }

        return result;
    }

    /// <summary>A number under <paramref name="key"/> of execution settings' extension data, as JSON, text or a CLR number.</summary>
    /// <exception cref="ArgumentException">The value is not a number.</exception>
    internal static double? ReadDouble(IDictionary<string, object> data, string key)
    {
        if (!data.TryGetValue(key, out object? value) || value is null)
        {
            return null;
        }

        try
        {
            return value switch
            {
                JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
                JsonElement { ValueKind: JsonValueKind.String } e => double.Parse(e.GetString()!, CultureInfo.InvariantCulture),
                string s => double.Parse(s, CultureInfo.InvariantCulture),
                IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
                _ => throw new FormatException(),
            };
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw new ArgumentException($"Execution setting '{key}' must be a number; got '{value}'.", nameof(data), e);
        }
    }

    private static string? ReadString(IDictionary<string, object> data, string key) =>
        !data.TryGetValue(key, out object? value) || value is null ? null
        : value switch
        {
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            string s => s,
            _ => throw new ArgumentException($"Execution setting '{key}' must be a string; got '{value}'.", nameof(data)),
        };

    private static List<string>? ReadStrings(IDictionary<string, object> data, string key)
    {
        if (!data.TryGetValue(key, out object? value) || value is null)
        {
            return null;
        }

        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } e => [.. e.EnumerateArray().Select(x => x.GetString() ?? throw NotStrings(key))],
            JsonElement { ValueKind: JsonValueKind.String } e => [.. e.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            string s => [.. s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            IEnumerable<string> list => [.. list],
            _ => throw NotStrings(key),
        };
    }

    private static ArgumentException NotStrings(string key) =>
        new($"Execution setting '{key}' must be a list of model ids or a comma-separated string.", nameof(key));
}

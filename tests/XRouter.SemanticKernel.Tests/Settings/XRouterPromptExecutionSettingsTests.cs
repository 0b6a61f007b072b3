using System.Text.Json;
using Microsoft.SemanticKernel;
using XRouter.SemanticKernel.Settings;

namespace XRouter.SemanticKernel.Tests.Settings;

public sealed class XRouterPromptExecutionSettingsTests
{
    [Fact]
    public void FromExecutionSettings_reads_snake_case_extension_data()
    {
        var settings = JsonSerializer.Deserialize<PromptExecutionSettings>(
            """{"cost_penalty": 2.5, "max_cost_usd": 0.01, "max_turns": 2, "allowed_models": ["a", "b"], "budget_account": "tenant-1"}""")!;

        var xs = XRouterPromptExecutionSettings.FromExecutionSettings(settings);

        Assert.Equal((2.5, 0.01, 2), (xs.CostPenalty!.Value, xs.MaxCostUsd!.Value, xs.MaxTurns!.Value));
        Assert.Equal(["a", "b"], xs.AllowedModels!);
        Assert.Equal("tenant-1", xs.BudgetAccount);
    }

    [Fact]
    public void FromExecutionSettings_names_a_mistyped_key()
    {
        var settings = new PromptExecutionSettings { ExtensionData = new Dictionary<string, object> { ["max_cost_usd"] = "cheap" } };

        var error = Assert.Throws<ArgumentException>(() => XRouterPromptExecutionSettings.FromExecutionSettings(settings));

        Assert.Contains("'max_cost_usd'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialization_uses_snake_case_names()
    {
        string json = JsonSerializer.Serialize(new XRouterPromptExecutionSettings { CostPenalty = 1.5, MaxTurns = 3 });

        Assert.Contains("\"cost_penalty\":1.5", json, StringComparison.Ordinal);
        Assert.Contains("\"max_turns\":3", json, StringComparison.Ordinal);
    }
}

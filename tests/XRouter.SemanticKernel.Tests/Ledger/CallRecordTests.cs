using System.Text.Json;
using XRouter.SemanticKernel.Ledger;

namespace XRouter.SemanticKernel.Tests.Ledger;

public sealed class CallRecordTests
{
    private static readonly CallRecord s_record = new()
    {
        Model = "model-a",
        Kind = CallKind.Downstream,
        InputTokens = 12,
        OutputTokens = 3,
        CostUsd = 0.5,
        Status = CallStatus.Succeeded,
        MaxOutputTokens = 64,
        MaxOutputTokensLowered = true,
    };

    [Fact]
    public void ToMetadata_reads_the_record_under_snake_case_keys()
    {
        var metadata = s_record.ToMetadata();

        Assert.Equal(("model-a", "downstream", 12L, "succeeded", 64, true), (metadata["model"], metadata["kind"], metadata["input_tokens"], metadata["status"], metadata["max_output_tokens"], metadata["max_output_tokens_lowered"]));
        Assert.Equal(17, metadata.Count);
        Assert.False(metadata.ContainsKey("unknown"));
    }

    [Fact]
    public void ToMetadata_serializes_as_a_JSON_object()
    {
        object metadata = s_record.ToMetadata();

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(metadata));

        Assert.Equal("model-a", json.RootElement.GetProperty("model").GetString());
        Assert.Equal(0.5, json.RootElement.GetProperty("cost_usd").GetDouble());
    }
}

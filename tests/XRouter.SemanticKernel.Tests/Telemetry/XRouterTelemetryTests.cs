using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using XRouter.SemanticKernel.Telemetry;
using XRouter.SemanticKernel.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.SemanticKernel.Tests.Telemetry;

[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

// Alone, so that no other test's requests add to the XRouter metrics it reads.
[Collection(nameof(TelemetryCollection))]
public sealed class XRouterTelemetryTests
{
    [Fact]
    public async Task A_routed_request_emits_GenAI_spans_and_metrics_with_its_names_and_values()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(XRouterTelemetry.SourceName).AddInMemoryExporter(spans).Build();
        using var metering = Sdk.CreateMeterProviderBuilder().AddMeter(XRouterTelemetry.SourceName).AddInMemoryExporter(metrics).Build();
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", "p")), ScriptedBackbone.Select("call_model_a"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-a", new ScriptedReply("traced", 20, 5));

        var reply = await harness.AskAsync("q");
        tracing.ForceFlush();
        metering.ForceFlush();

        var root = Assert.Single(spans, s => s.DisplayName == "invoke_agent xrouter");
        var trace = spans.Where(s => s.TraceId == root.TraceId).ToList();
        Assert.Equal(("select", reply.Cost(), 2), ((string?)root.GetTagItem("xrouter.mode"), (double)root.GetTagItem("xrouter.cost_usd")!, (int)root.GetTagItem("xrouter.turns")!));

        var downstream = Assert.Single(trace, s => s.DisplayName == "chat model-a");
        Assert.Equal(ActivityKind.Client, downstream.Kind);
        Assert.Equal(
            ("chat", "openai", "model-a", "model-a", 20L, 5L),
            ((string?)downstream.GetTagItem("gen_ai.operation.name"), (string?)downstream.GetTagItem("gen_ai.provider.name"),
             (string?)downstream.GetTagItem("gen_ai.request.model"), (string?)downstream.GetTagItem("gen_ai.response.model"),
             (long)downstream.GetTagItem("gen_ai.usage.input_tokens")!, (long)downstream.GetTagItem("gen_ai.usage.output_tokens")!));
        var tool = Assert.Single(trace, s => s.DisplayName == "execute_tool xrouter_call_model_a");
        Assert.Equal((ActivityKind.Internal, tool.SpanId, root.SpanId), (tool.Kind, downstream.ParentSpanId, tool.ParentSpanId));
        Assert.Single(trace, s => s.DisplayName == "execute_tool xrouter_select_response");
        var routerTurns = trace.Where(s => s.DisplayName == $"chat {RouterHarness.RouterModel}").ToList();
        Assert.Equal(2, routerTurns.Count);
        Assert.All(routerTurns, s => Assert.Equal((long)ScriptedBackbone.InputTokensPerTurn, (long)s.GetTagItem("gen_ai.usage.input_tokens")!));

        Assert.Equal(20 + (2 * ScriptedBackbone.InputTokensPerTurn), SumOf(metrics, "gen_ai.client.token.usage", "input"));
        Assert.Equal(5 + (2 * ScriptedBackbone.OutputTokensPerTurn), SumOf(metrics, "gen_ai.client.token.usage", "output"));
        Assert.Equal(3, PointsOf(metrics, "gen_ai.client.operation.duration").Sum(p => p.GetHistogramCount()));
        Assert.Equal("s", Assert.Single(metrics, m => m.Name == "gen_ai.client.operation.duration").Unit);
        Assert.Equal(reply.Cost(), PointsOf(metrics, "xrouter.cost").Sum(p => p.GetSumDouble()), 1e-15);
    }

    private static List<MetricPoint> PointsOf(List<Metric> metrics, string name)
    {
        var points = new List<MetricPoint>();
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                points.Add(point);
            }
        }

        return points;
    }

    private static long SumOf(List<Metric> metrics, string name, string tokenType) =>
        (long)PointsOf(metrics, name).Where(p => TagOf(p, "gen_ai.token.type") == tokenType).Sum(p => p.GetHistogramSum());

    private static string? TagOf(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }
}

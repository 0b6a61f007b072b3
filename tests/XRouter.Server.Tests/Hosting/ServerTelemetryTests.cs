using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using XRouter.Server.Tests.TestSupport;

namespace XRouter.Server.Tests.Hosting;

[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

// Alone: an activity listener sees the spans of every test running in the process.
[Collection(nameof(TelemetryCollection))]
public sealed class ServerTelemetryTests
{
    [Fact]
    public async Task Served_request_is_traced_from_the_http_span_to_the_model_calls()
    {
        var spans = new List<Activity>();
        await using var server = await ServerHarness.StartAsync(
            new Dictionary<string, string?> { ["XRouterServer:Telemetry:Console"] = "true" },
            services: s => s.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));

        using var response = await server.PostAsync("""{"model": "xrouter", "messages": [{"role": "user", "content": "What is 2+2?"}]}""");
        await server.App.StopAsync();

        var route = Assert.Single(spans, s => s.Source.Name == "XRouter" && s.DisplayName.StartsWith("invoke_agent", StringComparison.Ordinal));
        var http = Assert.Single(spans, s => s.SpanId == route.ParentSpanId);
        Assert.Equal("Microsoft.AspNetCore", http.Source.Name);
        Assert.Equal(ActivityKind.Server, http.Kind);
        var downstream = Assert.Single(spans, s => s.Source.Name == "XRouter" && s.DisplayName == $"chat {ServerHarness.Cheap}");
        Assert.Equal(http.TraceId, downstream.TraceId);
        Assert.Equal(ServerHarness.Cheap, downstream.GetTagItem("gen_ai.request.model"));
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using XRouter.SemanticKernel.Ledger;

namespace XRouter.SemanticKernel.Telemetry;

/// <summary>
/// XRouter's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>XRouter</c>, using
/// the OpenTelemetry GenAI attribute names where they exist.
/// </summary>
public static class XRouterTelemetry
{
    /// <summary>The name of the activity source and the meter; subscribe to it with OpenTelemetry.</summary>
    public const string SourceName = "XRouter";

    private static readonly ActivitySource s_source = new(SourceName);
    private static readonly Meter s_meter = new(SourceName);
    private static readonly Counter<double> s_cost = s_meter.CreateCounter<double>("xrouter.cost", "USD", "Cost of priced calls (router and downstream).");
    private static readonly Histogram<long> s_tokens = s_meter.CreateHistogram<long>("gen_ai.client.token.usage", "{token}", "Tokens used per call.");
    private static readonly Counter<long> s_calls = s_meter.CreateCounter<long>("xrouter.calls", "{call}", "Priced calls by model, kind and status.");

    internal static Activity? StartRequest(string routerModel) =>
        s_source.StartActivity("xrouter.route", ActivityKind.Internal)?
            .SetTag("gen_ai.operation.name", "chat")
            .SetTag("gen_ai.request.model", routerModel);

    internal static Activity? StartModelCall(string model, string toolName) =>
        s_source.StartActivity($"execute_tool {toolName}", ActivityKind.Client)?
            .SetTag("gen_ai.operation.name", "execute_tool")
            .SetTag("gen_ai.tool.name", toolName)
            .SetTag("gen_ai.request.model", model);

    internal static void RecordCall(Activity? activity, CallRecord call)
    {
        var tags = new TagList
        {
            { "gen_ai.request.model", call.Model },
            { "xrouter.call.kind", call.Kind == CallKind.Router ? "router" : "downstream" },
            { "xrouter.call.status", call.Status.ToString().ToLowerInvariant() },
        };
        s_calls.Add(1, tags);
        s_cost.Add(call.CostUsd, tags);
        if (call.Status == CallStatus.Succeeded)
        {
            s_tokens.Record(call.InputTokens, new TagList { { "gen_ai.request.model", call.Model }, { "gen_ai.token.type", "input" } });
            s_tokens.Record(call.OutputTokens, new TagList { { "gen_ai.request.model", call.Model }, { "gen_ai.token.type", "output" } });
        }

        activity?
            .SetTag("gen_ai.usage.input_tokens", call.InputTokens)
            .SetTag("gen_ai.usage.output_tokens", call.OutputTokens)
            .SetTag("xrouter.cost_usd", call.CostUsd)
            .SetTag("xrouter.call.status", call.Status.ToString().ToLowerInvariant());
        if (call.Error is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, call.Error);
        }
    }
}

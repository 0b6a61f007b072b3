using System.Diagnostics;
using System.Diagnostics.Metrics;
using XRouter.SemanticKernel.Ledger;

namespace XRouter.SemanticKernel.Telemetry;

/// <summary>The spans and instruments of one XRouter service, named as the OpenTelemetry GenAI conventions name them.</summary>
internal sealed class XRouterInstruments : IDisposable
{
    private static readonly ActivitySource s_source = new(XRouterTelemetry.SourceName);

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Histogram<long> _tokens;
    private readonly Histogram<double> _duration;
    private readonly Counter<double> _cost;

    public XRouterInstruments(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(XRouterTelemetry.SourceName) ?? new Meter(XRouterTelemetry.SourceName);
        _tokens = _meter.CreateHistogram<long>("gen_ai.client.token.usage", "{token}", "Tokens used per model call (router turns and downstream calls).");
        _duration = _meter.CreateHistogram<double>("gen_ai.client.operation.duration", "s", "Duration of each model call.");
        _cost = _meter.CreateCounter<double>("xrouter.cost", "USD", "Cost of priced calls (router and downstream).");
    }

    /// <summary>
    /// The root span of a routed request. It is an <c>invoke_agent</c> span, so SK's function-invoking client (MEAI's)
    /// emits its <c>execute_tool</c> span per kernel function on this source, as a child of it.
    /// </summary>
    public static Activity? StartRequest(string routerModel) =>
        s_source.StartActivity("invoke_agent xrouter", ActivityKind.Internal)?
            .SetTag("gen_ai.operation.name", "invoke_agent")
            .SetTag("gen_ai.agent.name", "xrouter")
            .SetTag("gen_ai.request.model", routerModel);

    // The span's name is only built when someone listens.
    public static Activity? StartChat(string model, string provider) =>
        !s_source.HasListeners() ? null : s_source.StartActivity($"chat {model}", ActivityKind.Client)?
            .SetTag("gen_ai.operation.name", "chat")
            .SetTag("gen_ai.provider.name", provider)
            .SetTag("gen_ai.request.model", model);

    /// <summary>Records one priced call on its <c>chat</c> span and in the metrics.</summary>
    public void RecordCall(Activity? chat, CallRecord call, string provider, string? responseModel)
    {
        if (_duration.Enabled || _tokens.Enabled)
        {
            RecordDurationAndTokens(call, provider, responseModel);
        }

        if (_cost.Enabled)
        {
            _cost.Add(call.CostUsd, new TagList { { "gen_ai.request.model", call.Model }, { "xrouter.call.kind", call.KindName }, { "xrouter.call.status", call.StatusName } });
        }

        if (chat is null)
        {
            return;
        }

        chat.SetTag("gen_ai.response.model", responseModel ?? call.Model)
            .SetTag("gen_ai.usage.input_tokens", call.InputTokens)
            .SetTag("gen_ai.usage.output_tokens", call.OutputTokens)
            .SetTag("xrouter.call.kind", call.KindName)
            .SetTag("xrouter.cost_usd", call.CostUsd)
            .SetTag("xrouter.call.status", call.StatusName);
        if (call.MaxOutputTokens is int cap)
        {
            chat.SetTag("gen_ai.request.max_tokens", cap);
        }

        if (call.Error is not null)
        {
            chat.SetTag("error.type", call.StatusName).SetStatus(ActivityStatusCode.Error, call.Error);
        }
    }

    private void RecordDurationAndTokens(CallRecord call, string provider, string? responseModel)
    {
        var tags = new TagList
        {
            { "gen_ai.operation.name", "chat" },
            { "gen_ai.provider.name", provider },
            { "gen_ai.request.model", call.Model },
            { "gen_ai.response.model", responseModel ?? call.Model },
        };
        if (call.Status != CallStatus.Succeeded)
        {
            tags.Add("error.type", call.StatusName);
        }

        _duration.Record(call.LatencyMs / 1000d, tags);
        if (call.Status == CallStatus.Succeeded)
        {
            var input = tags;
            input.Add("gen_ai.token.type", "input");
            _tokens.Record(call.InputTokens, input);
            var output = tags;
            output.Add("gen_ai.token.type", "output");
            _tokens.Record(call.OutputTokens, output);
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}

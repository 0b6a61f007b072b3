namespace XRouter.SemanticKernel.Telemetry;

/// <summary>
/// XRouter's telemetry names. One <see cref="System.Diagnostics.ActivitySource"/> and one
/// <see cref="System.Diagnostics.Metrics.Meter"/>, both named <c>XRouter</c>, on the OpenTelemetry GenAI semantic
/// conventions: a root <c>invoke_agent xrouter</c> span per routed request with the <c>xrouter.*</c> attributes, a
/// <c>chat {model}</c> client span per model call (router turns and downstream calls), an <c>execute_tool {name}</c>
/// span per kernel function the router calls (emitted by the function-invoking client under the root); the metrics <c>gen_ai.client.token.usage</c>,
/// <c>gen_ai.client.operation.duration</c> and <c>xrouter.cost</c> (USD), the meter created through
/// <c>IMeterFactory</c> when the service provider has one.
/// </summary>
public static class XRouterTelemetry
{
    /// <summary>The name of the activity source and the meter; subscribe to it with OpenTelemetry.</summary>
    public const string SourceName = "XRouter";
}

using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using XRouter.Policy.Routing;
using XRouter.SemanticKernel.Orchestration;
using XRouter.SemanticKernel.Pool;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;

namespace XRouter.SemanticKernel.Selection;

/// <summary>
/// A router turn that calls exactly one model and selects that call's reply is a route step: the reply is the
/// answer, verbatim. Calls of one turn run concurrently, so <c>select_response</c> waits for the call of its own
/// turn that it names; in a streamed request the routed model's reply streams to the caller as it is generated.
/// </summary>
internal sealed class RouteStepFilter : IAutoFunctionInvocationFilter
{
    private const string Prefix = ModelPool.PluginName + "_";

    public Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next) =>
        ModelPool.Owns(context.Function) && context.CallContent is { } callContent ? RouteAsync(context, next, callContent) : next(context);

    private static async Task RouteAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next, FunctionCallContent callContent)
    {
        var request = RoutingRequest.Require(context.Kernel, context.Function.Name);
        if (context.Function.Name == ModelToolNames.SelectResponse)
        {
            string target = SelectTarget(context.Arguments);
            foreach (var call in TurnCalls(context.Messages, callContent.CallId).Where(c => Unprefixed(c.Name) == target))
            {
                await request.WhenCallEnds(call.CallId).WaitAsync(context.CancellationToken).ConfigureAwait(false);
            }

            await next(context).ConfigureAwait(false);
            return;
        }

        try
        {
            if (request.Stream is { } stream && IsRoute(TurnCalls(context.Messages, callContent.CallId), context.Function.Name))
            {
                context.Arguments![ReplyStream.ArgumentKey] = stream;
            }

            await next(context).ConfigureAwait(false);
        }
        finally
        {
            request.EndCall(callContent.CallId);
        }
    }

    /// <summary>The tool calls of the router turn that issued <paramref name="callId"/>.</summary>
    private static List<FunctionCallContent> TurnCalls(IList<ChatMessage> messages, string callId)
    {
        for (int i = messages.Count - 1; i >= 0; i--)
        {
            var calls = messages[i].Contents.OfType<FunctionCallContent>().ToList();
            if (calls.Exists(c => c.CallId == callId))
            {
                return calls;
            }
        }

        return [];
    }

    private static bool IsRoute(List<FunctionCallContent> turn, string toolName) =>
        turn.Count == 2
        && turn.Count(c => Unprefixed(c.Name) == toolName) == 1
        && turn.Exists(c => Unprefixed(c.Name) == ModelToolNames.SelectResponse && SelectTarget(c.Arguments) == toolName);

    private static string SelectTarget(IDictionary<string, object?>? arguments) =>
        arguments?.TryGetValue(ModelToolNames.ModelCallNameArgument, out object? value) == true && value?.ToString() is { } name
            ? SelectResponseFunction.Normalize(name)
            : string.Empty;

    private static string Unprefixed(string name) => name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..] : name;
}

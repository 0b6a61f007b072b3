using Microsoft.SemanticKernel;
using XRouter.SemanticKernel.Pool;

namespace XRouter.SemanticKernel.Orchestration;

/// <summary>
/// Honours a caller's auto-invocation off, and a caller's tool declared without an implementation: such a call is not
/// run but ends the request and is returned to the caller in the final message, as SK's own connectors return it.
/// </summary>
internal sealed class AppFunctionCallFilter : IAutoFunctionInvocationFilter
{
    public Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        var request = ModelPool.Owns(context.Function) ? null : RoutingRequest.Require(context.Kernel, context.Function.Name);
        if (request is null || (request.InvokesAppFunctions && !request.CallerDeclaredFunctions.Contains(context.Function.Name)))
        {
            return next(context);
        }

        request.AddAppFunctionCall(new FunctionCallContent(context.Function.Name, context.Function.PluginName, context.ToolCallId, context.Arguments));
        context.Terminate = true;
        return Task.CompletedTask;
    }
}

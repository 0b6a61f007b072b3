using Microsoft.SemanticKernel;
using XRouter.Policy.Routing;
using XRouter.SemanticKernel.Orchestration;
using XRouter.SemanticKernel.Pool;

namespace XRouter.SemanticKernel.Selection;

/// <summary>Ends SK's function-calling loop once <c>select_response</c> has chosen a reply, so the router generates nothing more.</summary>
internal sealed class SelectResponseFilter : IAutoFunctionInvocationFilter
{
    public Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next) =>
        ModelPool.Owns(context.Function) && context.Function.Name == ModelToolNames.SelectResponse ? SelectAsync(context, next) : next(context);

    private static async Task SelectAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        await next(context).ConfigureAwait(false);
        if (RoutingRequest.Require(context.Kernel, context.Function.Name).Selected is not null)
        {
            context.Terminate = true;
        }
    }
}

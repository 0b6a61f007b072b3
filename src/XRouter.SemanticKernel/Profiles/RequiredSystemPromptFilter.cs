using Microsoft.SemanticKernel;
using XRouter.Policy.Routing;
using XRouter.SemanticKernel.Pool;

namespace XRouter.SemanticKernel.Profiles;

/// <summary>
/// Answers a model call without an <c>optimized_system_prompt</c> with the profile's error, before anything is
/// reserved or sent, when the profile requires one (the published xRouter protocol does).
/// </summary>
internal sealed class RequiredSystemPromptFilter(ModelPool pool) : IAutoFunctionInvocationFilter
{
    public Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        if (pool.Profile.MissingSystemPromptResult is string error
            && ModelPool.Owns(context.Function)
            && pool.TryGetModel(context.Function.Name, out _)
            && (context.Arguments?.TryGetValue(ModelToolNames.SystemPromptArgument, out object? prompt) != true || string.IsNullOrWhiteSpace(prompt?.ToString())))
        {
            context.Result = new FunctionResult(context.Function, error);
            return Task.CompletedTask;
        }

        return next(context);
    }
}

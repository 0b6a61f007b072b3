using Microsoft.SemanticKernel;
using XRouter.Policy.Routing;
using XRouter.SemanticKernel.Orchestration;
using XRouter.SemanticKernel.Pool;

namespace XRouter.SemanticKernel.Selection;

/// <summary>
/// <c>select_response(model_call_name)</c>: ends the request with an earlier model reply, verbatim. A name
/// that was not called this request gets an error result, so the router can recover within its turns.
/// </summary>
internal static class SelectResponseFunction
{
    public static KernelFunction Create(ModelPool pool)
    {
        string Select(Kernel kernel, string model_call_name)
        {
            var request = RoutingRequest.Require(kernel, ModelToolNames.SelectResponse);
            string toolName = Normalize(model_call_name);
            if (request.TryGetReply(toolName, out var reply))
            {
                request.Select(reply);
                return reply.Text;
            }

            var called = request.CalledTools;
            string known = pool.TryGetModel(toolName, out _)
                ? $"'{toolName}' has not replied in this request"
                : $"'{model_call_name}' is not a model tool";
            return $"Error: {known}. " + (called.Count == 0
                ? "No model has replied yet: call one first, or answer directly."
                : $"Replies available: {string.Join(", ", called)}.");
        }

        return KernelFunctionFactory.CreateFromMethod(
            Select,
            ModelToolNames.SelectResponse,
            "Return one earlier model reply to the user verbatim as the final answer, with no further text from you. Use it when one reply already answers the query well.",
            [
                new KernelParameterMetadata(ModelToolNames.ModelCallNameArgument)
                {
                    Description = "The tool name of the model call whose reply to return, for example call_gpt_5.",
                    ParameterType = typeof(string),
                    IsRequired = true,
                },
            ],
            new KernelReturnParameterMetadata { Description = "The selected reply.", ParameterType = typeof(string) });
    }

    /// <summary>The tool name a <c>model_call_name</c> argument means: <c>call_gpt_5</c> for <c>gpt_5</c>, <c>call_gpt_5</c> or <c>xrouter_call_gpt_5</c>.</summary>
    public static string Normalize(string name)
    {
        string trimmed = name.Trim();
        if (trimmed.StartsWith(ModelPool.PluginName + "_", StringComparison.Ordinal))
        {
            trimmed = trimmed[(ModelPool.PluginName.Length + 1)..];
        }

        return trimmed.StartsWith(ModelToolNames.CallPrefix, StringComparison.Ordinal) ? trimmed : ModelToolNames.ForModel(trimmed);
    }
}

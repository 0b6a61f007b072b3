using System.Globalization;
using System.Text;
using Microsoft.SemanticKernel;
using XRouter.Policy.Catalog;
using XRouter.SemanticKernel.Ledger;
using XRouter.SemanticKernel.Orchestration;
using XRouter.SemanticKernel.Pool;

namespace XRouter.SemanticKernel.Budget;

/// <summary>
/// Holds a request to its <c>max_cost_usd</c>: before a downstream call it reserves the call's worst case,
/// refuses the call with a tool result that says why when that could overspend, and settles to the actual
/// cost afterwards.
/// </summary>
internal sealed class BudgetGuardFilter(ModelPool pool) : IAutoFunctionInvocationFilter
{
    /// <summary>
    /// Chat framing tokens added to the input bound (role markers and separators of two messages). A byte-level
    /// BPE tokenizer emits at most one token per UTF-8 byte, so bytes plus framing bounds the input tokens.
    /// </summary>
    internal const int FramingTokens = 32;

    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        if (!ModelPool.Owns(context.Function) || !pool.TryGetModel(context.Function.Name, out var card))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var request = RoutingRequest.Require(context.Kernel, context.Function.Name);
        long inputBound = InputTokenBound(CostLedgerFilter.SystemPromptOf(context), request.UserQuery);
        int outputBound = pool.MaxOutputTokensFor(card);
        double worstCase = card.CostOf(new TokenUsage(inputBound, outputBound));
        if (!request.Budget.TryReserve(worstCase, out double available))
        {
            string reason = string.Create(
                CultureInfo.InvariantCulture,
                $"this call could cost up to ${worstCase:0.########} (at most {inputBound} input and {outputBound} output tokens), more than the ${Math.Max(available, 0):0.########} left of the request's ${request.Budget.LimitUsd:0.########} budget");
            request.Ledger.Record(new CallRecord { Model = card.Id, Kind = CallKind.Downstream, Status = CallStatus.Refused, Error = reason });
            context.Result = new FunctionResult(
                context.Function,
                $"Refused: {context.Function.Name} was not called because {reason}. Choose a cheaper model, select an earlier reply, or answer yourself.");
            return;
        }

        double actual = 0;
        try
        {
            await next(context).ConfigureAwait(false);
            actual = context.Result.Metadata?.TryGetValue(CostLedgerFilter.CostMetadataKey, out object? cost) == true && cost is double d ? d : 0;
        }
        finally
        {
            request.Budget.Settle(worstCase, actual);
        }
    }

    internal static long InputTokenBound(string systemPrompt, string userQuery) =>
        Encoding.UTF8.GetByteCount(systemPrompt) + Encoding.UTF8.GetByteCount(userQuery) + FramingTokens;
}

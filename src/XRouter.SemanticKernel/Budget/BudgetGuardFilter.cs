using Microsoft.SemanticKernel;
using XRouter.Policy.Catalog;
using XRouter.SemanticKernel.Ledger;
using XRouter.SemanticKernel.Orchestration;
using XRouter.SemanticKernel.Pool;

namespace XRouter.SemanticKernel.Budget;

/// <summary>
/// Holds a downstream call to the request's budget: before the call it reserves the call's worst case, lowering the
/// call's output cap to what the budget affords, or refuses the call with a tool result that says why when even a
/// minimal reply cannot fit; after the call it settles the reservation to the billed cost.
/// </summary>
internal sealed class BudgetGuardFilter(ModelPool pool) : IAutoFunctionInvocationFilter
{
    public Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next) =>
        ModelPool.Owns(context.Function) && pool.TryGetModel(context.Function.Name, out var card) ? GuardAsync(context, next, card) : next(context);

    private async Task GuardAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next, ModelCard card)
    {
        var request = RoutingRequest.Require(context.Kernel, context.Function.Name);
        long inputBound = TokenBounds.Downstream(CostLedgerFilter.SystemPromptOf(context), request.UserQuery);
        int outputCap = Math.Min(pool.MaxOutputTokensFor(card), request.CallerMaxOutputTokens ?? int.MaxValue);
        var budget = await request.Budget.ReserveAsync(card, inputBound, outputCap, context.CancellationToken).ConfigureAwait(false);
        if (!budget.IsGranted)
        {
            request.Ledger.Record(new CallRecord { Model = card.Id, Kind = CallKind.Downstream, Status = CallStatus.Refused, Error = budget.Refusal });
            context.Result = new FunctionResult(
                context.Function,
                $"Refused: {context.Function.Name} was not called because {budget.Refusal}. Choose a cheaper model, select an earlier reply, or answer yourself.");
            return;
        }

        // SK's loop always passes the call's arguments; the model function reads its output cap from them.
        context.Arguments![CallBudget.ArgumentKey] = budget;
        double actual = 0;
        try
        {
            await next(context).ConfigureAwait(false);
            actual = context.Result.Metadata?.TryGetValue(CostLedgerFilter.CostMetadataKey, out object? cost) == true && cost is double d ? d : 0;
        }
        finally
        {
            await request.Budget.SettleAsync(budget, actual).ConfigureAwait(false);
        }
    }
}

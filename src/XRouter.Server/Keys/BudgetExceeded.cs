using System.Globalization;
using XRouter.SemanticKernel.Budget;
using XRouter.Server.Api;

namespace XRouter.Server.Keys;

/// <summary>The 429 of a key whose budget for the period is spent, with <c>Retry-After</c> until the period resets.</summary>
internal static class BudgetExceeded
{
    public static ApiException For(BudgetReservation refused, double neededUsd, BudgetPeriods periods)
    {
        TimeSpan? reset = periods.TimeToReset(refused.Account);
        string message = string.Create(
            CultureInfo.InvariantCulture,
            $"This API key's budget is exhausted: {refused.AvailableUsd:0.########} of {refused.LimitUsd:0.########} USD left this period{(neededUsd > 0 ? $", and the request needs up to {neededUsd:0.########} USD" : string.Empty)}.");
        return new ApiException(StatusCodes.Status429TooManyRequests, "insufficient_quota", message, code: "budget_exceeded")
        {
            RetryAfterSeconds = reset is TimeSpan wait ? (int)Math.Ceiling(wait.TotalSeconds) : null,
        };
    }
}

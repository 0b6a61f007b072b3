using XRouter.SemanticKernel.Budget;

namespace XRouter.Reliability.Tests.SharedBudget;

/// <summary>
/// Many requests against one account at once: each reserves its worst case, "calls" for a random moment, then settles
/// to a billed cost at most its reservation, or releases (a failed call). Spread over one or several stores (replicas).
/// </summary>
internal static class BudgetLoad
{
    public const string Account = "team-a";
    public const double WorstCase = 0.01;

    public static async Task<(int Granted, int Refused, double Billed)> RunAsync(IReadOnlyList<IBudgetStore> replicas, int requests)
    {
        int granted = 0, refused = 0;
        long billedNano = 0;
        await Task.WhenAll(Enumerable.Range(0, requests).Select(i => Task.Run(async () =>
        {
            var store = replicas[i % replicas.Count];
            var reservation = await store.ReserveAsync(Account, WorstCase, WorstCase);
            if (!reservation.IsGranted)
            {
                Interlocked.Increment(ref refused);
                return;
            }

            Interlocked.Increment(ref granted);
            await Task.Delay(Random.Shared.Next(1, 15));
            if (i % 10 == 0)
            {
                await store.ReleaseAsync(reservation);
                return;
            }

            // Whole nano-USD, so the billed sum is exact and comparable with the store's.
            double billed = Math.Round(WorstCase * (0.2 + (0.8 * Random.Shared.NextDouble())), 9);
            Interlocked.Add(ref billedNano, (long)Math.Round(billed * 1e9));
            await store.SettleAsync(reservation, billed);
        })));
        return (granted, refused, billedNano / 1e9);
    }
}

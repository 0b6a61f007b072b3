using System.Diagnostics;
using System.Globalization;
using XRouter.Policy.Learning;

namespace XRouter.Benchmarks;

/// <summary>
/// Per-decision latency percentiles of the default learned policy (BenchmarkDotNet reports means per operation;
/// p99 needs every decision timed): warms up, then times each decision on every RouterBench test prompt, several
/// rounds, first turn, after two replies and after three interleaved so machine load affects them alike.
/// </summary>
internal static class DecisionLatency
{
    private const int WarmUpRounds = 3;

    public static void Run(bool namedTasks, int rounds = 10)
    {
        var policy = LearnedRoutingPolicy.LoadDefault();
        var (first, second, third) = DecisionQueries.Load(policy.TrainedModels, lambda: 20, namedTasks);
        // Steady state, as a serving process is: every prompt decided a few times, then a pause for the JIT's
        // background tier-1 compilations to finish (timed too early, they are the p99).
        for (int round = 0; round < WarmUpRounds; round++)
        {
            foreach (var state in first.Concat(second).Concat(third))
            {
                policy.Decide(DecisionQueries.Fresh(state));
            }
        }

        Thread.Sleep(TimeSpan.FromSeconds(1));

        var firstTimes = new List<double>();
        var secondTimes = new List<double>();
        var thirdTimes = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < first.Length; i++)
            {
                firstTimes.Add(Time(() => policy.Decide(DecisionQueries.Fresh(first[i]))));
                secondTimes.Add(Time(() => policy.Decide(DecisionQueries.Fresh(second[i]))));
                thirdTimes.Add(Time(() => policy.Decide(DecisionQueries.Fresh(third[i]))));
            }
        }

        Print("first decision", firstTimes);
        Print("after two replies", secondTimes);
        Print("after three replies", thirdTimes);
    }

    private static double Time(Action decide)
    {
        long start = Stopwatch.GetTimestamp();
        decide();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    private static void Print(string label, List<double> times)
    {
        times.Sort();
        double Percentile(double p) => times[(int)Math.Min(times.Count - 1, Math.Round(p * (times.Count - 1)))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-19} n={times.Count}  p50 {Percentile(0.5):F1} us  p90 {Percentile(0.9):F1} us  p99 {Percentile(0.99):F1} us  max {times[^1]:F1} us"));
    }
}

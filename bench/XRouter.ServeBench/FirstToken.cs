using System.Diagnostics;
using System.Text;

namespace XRouter.ServeBench;

/// <summary>Time to first token and to the end of the stream, per target.</summary>
internal sealed record FirstTokenResult(string Target, double P50Ms, double P99Ms, double TotalP50Ms);

/// <summary>Measures time to the first content token of streamed requests, one at a time, targets interleaved.</summary>
internal static class FirstToken
{
    public static async Task<IReadOnlyList<FirstTokenResult>> MeasureAsync(IReadOnlyList<LoadTarget> targets, int samples)
    {
        using var http = new HttpClient();
        var first = targets.ToDictionary(t => t, _ => new List<double>());
        var total = targets.ToDictionary(t => t, _ => new List<double>());
        for (int i = -5; i < samples; i++)
        {
            foreach (var target in i % 2 == 0 ? targets : targets.Reverse())
            {
                var (toFirst, toEnd) = await OnceAsync(http, target);
                if (i >= 0)
                {
                    first[target].Add(toFirst);
                    total[target].Add(toEnd);
                }
            }
        }

        return [.. targets.Select(t => new FirstTokenResult(t.Name, Percentile(first[t], 0.5), Percentile(first[t], 0.99), Percentile(total[t], 0.5)))];
    }

    private static async Task<(double First, double Total)> OnceAsync(HttpClient http, LoadTarget target)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(target.Body, Encoding.UTF8, "application/json") };
        foreach (string header in target.Headers)
        {
            int colon = header.IndexOf(':', StringComparison.Ordinal);
            request.Headers.TryAddWithoutValidation(header[..colon], header[(colon + 1)..].Trim());
        }

        long started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{target.Name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        double firstToken = double.NaN;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (double.IsNaN(firstToken) && line.Contains("\"content\":\"", StringComparison.Ordinal) && !line.Contains("\"content\":\"\"", StringComparison.Ordinal))
            {
                firstToken = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        return (firstToken, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
    }
}

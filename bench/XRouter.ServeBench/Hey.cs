using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace XRouter.ServeBench;

/// <summary>One load run of one target.</summary>
internal sealed record LoadResult(string Target, int Concurrency, double RequestsPerSecond, double P50Ms, double P99Ms, long Errors);

/// <summary>Runs <c>hey</c> (Debian package <c>hey</c>) and reads its summary.</summary>
internal static partial class Hey
{
    public static async Task<LoadResult> RunAsync(LoadTarget target, int concurrency, TimeSpan duration)
    {
        var info = new ProcessStartInfo("hey") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "-z", $"{duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s", "-c", concurrency.ToString(CultureInfo.InvariantCulture), "-m", "POST", "-T", "application/json", "-d", target.Body })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (string header in target.Headers)
        {
            info.ArgumentList.Add("-H");
            info.ArgumentList.Add(header);
        }

        info.ArgumentList.Add(target.Url.ToString());
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start hey; install it with apt-get install hey.");
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        double rps = RequestsPerSecond().Match(output) is { Success: true } r ? double.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        double Percentile(string p) => Regex.Match(output, $@"\s{p}% in ([0-9.]+) secs") is { Success: true } m
            ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 1000
            : double.NaN;
        long ok = StatusOk().Match(output) is { Success: true } okLine ? long.Parse(okLine.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        long all = StatusAll().Matches(output).Sum(x => long.Parse(x.Groups[1].Value, CultureInfo.InvariantCulture));
        int errors = output.IndexOf("Error distribution:", StringComparison.Ordinal);
        long failed = errors < 0 ? 0 : ErrorLine().Matches(output[errors..]).Sum(x => long.Parse(x.Groups[1].Value, CultureInfo.InvariantCulture));
        if (all - ok + failed > 0 || ok == 0)
        {
            Console.Error.WriteLine($"hey reported failures for {target.Name}:{Environment.NewLine}{output}");
        }

        return new LoadResult(target.Name, concurrency, rps, Percentile("50"), Percentile("99"), all - ok + failed);
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"\[200\]\s+(\d+) responses")]
    private static partial Regex StatusOk();

    [GeneratedRegex(@"\[\d+\]\s+(\d+) responses")]
    private static partial Regex StatusAll();

    [GeneratedRegex(@"\[(\d+)\]\s")]
    private static partial Regex ErrorLine();
}

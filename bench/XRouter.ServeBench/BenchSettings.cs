using System.Globalization;

namespace XRouter.ServeBench;

/// <summary>Command-line settings: <c>--duration S --rounds N --concurrency 1,16,64 --ttft N --portkey DIR</c>.</summary>
internal sealed record BenchSettings(TimeSpan Duration, int Rounds, IReadOnlyList<int> Concurrency, int TtftSamples, string? PortkeyDirectory)
{
    public static BenchSettings Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        return new BenchSettings(
            TimeSpan.FromSeconds(double.Parse(Value("--duration") ?? "5", CultureInfo.InvariantCulture)),
            int.Parse(Value("--rounds") ?? "3", CultureInfo.InvariantCulture),
            [.. (Value("--concurrency") ?? "1,16,64").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))],
            int.Parse(Value("--ttft") ?? "100", CultureInfo.InvariantCulture),
            Value("--portkey") ?? Environment.GetEnvironmentVariable("PORTKEY_DIR"));
    }
}

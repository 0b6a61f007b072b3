using System.Diagnostics;
using System.Globalization;
using XRouter.LedgerSoak;

// Ledger soak: start the real xrouter serve on a ledger, load it over HTTP, SIGKILL it, restart it, repeatedly, and
// count the responses that reached a client but are missing from the ledger.
//   --sqlite PATH | --postgres CS  [--rounds N] [--seconds S] [--clients C]
string Value(string name, string fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

string? sqlite = Value("--sqlite", string.Empty) is { Length: > 0 } s ? s : null;
string? postgres = Value("--postgres", string.Empty) is { Length: > 0 } p ? p : null;
if ((sqlite is null) == (postgres is null))
{
    Console.Error.WriteLine("usage: XRouter.LedgerSoak --sqlite PATH | --postgres CONNECTION_STRING [--rounds N] [--seconds S] [--clients C]");
    return 2;
}

var ledger = new LedgerTarget(sqlite is null ? null : Path.GetFullPath(sqlite), postgres);
int rounds = int.Parse(Value("--rounds", "10"), CultureInfo.InvariantCulture);
double seconds = double.Parse(Value("--seconds", "2"), CultureInfo.InvariantCulture);
int clients = int.Parse(Value("--clients", "16"), CultureInfo.InvariantCulture);
int acknowledged = 0, lost = 0;
var clock = Stopwatch.StartNew();
for (int round = 1; round <= rounds; round++)
{
    var result = await ServerKillRound.RunAsync(ledger, TimeSpan.FromSeconds(seconds), clients);
    acknowledged += result.Acknowledged;
    lost += result.Lost + (result.ServedAfterRestart ? 0 : 1);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: {result.Acknowledged} responses received, {result.Lost} lost, integrity {result.Integrity}, restarted server served and recorded: {result.ServedAfterRestart}, xrouter ledger counts {result.ReadByCli} requests"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rounds} SIGKILL rounds of xrouter serve, {acknowledged} responses received by clients, {lost} missing from the ledger, {clock.Elapsed.TotalSeconds:0.0} s, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
return lost == 0 ? 0 : 1;

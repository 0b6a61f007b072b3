using System.Diagnostics;
using System.Globalization;
using XRouter.LedgerSoak;
using XRouter.Reliability.Ledger;

// Ledger soak: SIGKILL a process writing the ledger, repeatedly, and count the acknowledged records lost.
//   run   --sqlite PATH | --postgres CS  [--rounds N] [--seconds S] [--writers W]   prints one line per round and totals
//   write --sqlite PATH | --postgres CS  [--writers W]                              the process that gets killed
string Value(string name, string fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

string? sqlite = Value("--sqlite", string.Empty) is { Length: > 0 } s ? s : null;
string? postgres = Value("--postgres", string.Empty) is { Length: > 0 } p ? p : null;
if (args.Length == 0 || (sqlite is null) == (postgres is null))
{
    Console.Error.WriteLine("usage: XRouter.LedgerSoak run|write --sqlite PATH | --postgres CONNECTION_STRING [--rounds N] [--seconds S] [--writers W]");
    return 2;
}

ILedgerStore Open() => sqlite is not null ? new SqliteLedgerStore(sqlite) : new PostgresLedgerStore(postgres!);
string[] storeArguments = sqlite is not null ? ["--sqlite", sqlite] : ["--postgres", postgres!];
int writers = int.Parse(Value("--writers", "8"), CultureInfo.InvariantCulture);

if (args[0] == "write")
{
    await using var store = Open();
    await LedgerWriter.RunAsync(store, writers);
    return 0;
}

int rounds = int.Parse(Value("--rounds", "10"), CultureInfo.InvariantCulture);
double seconds = double.Parse(Value("--seconds", "2"), CultureInfo.InvariantCulture);
int acknowledged = 0, lost = 0;
var clock = Stopwatch.StartNew();
for (int round = 1; round <= rounds; round++)
{
    var result = await KillRound.RunAsync(storeArguments, Open, TimeSpan.FromSeconds(seconds), writers);
    acknowledged += result.Acknowledged;
    lost += result.Lost;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: {result.Acknowledged} acknowledged, {result.Lost} lost, integrity {result.Integrity}"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rounds} SIGKILL rounds, {acknowledged} requests acknowledged ({acknowledged * LedgerWriter.CallsPerRequest} call rows), {lost} lost, {clock.Elapsed.TotalSeconds:0.0} s, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
return lost == 0 ? 0 : 1;

using System.Globalization;
using XRouter.Benchmarks;

// router [MODEL_DIR] [--rounds N] [--tokens N] [--max-length N]: the interleaved local-router measurements.
string folder = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : FixtureModels.PathOf("qwen2-tiny-genai");
int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

if (args is not ["router", ..])
{
    Console.Error.WriteLine("usage: router [MODEL_DIR] [--rounds N] [--tokens N] [--max-length N]");
    return 2;
}

int maxLength = Arg("--max-length", 0);
RouterDecoding.Run(folder, Arg("--rounds", 30), Arg("--tokens", 64), maxLength > 0 ? maxLength : null);
return 0;

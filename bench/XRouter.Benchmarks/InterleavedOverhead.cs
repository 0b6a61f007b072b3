using System.Diagnostics;
using System.Globalization;
using XRouter.Policy.Onnx;

namespace XRouter.Benchmarks;

/// <summary>
/// Measures the loop's overhead by alternating the raw loop and <see cref="DecoderGenerator.Generate"/>
/// round by round, so that load from other processes on a shared machine hits both sides alike
/// (BenchmarkDotNet runs one benchmark after the other, which turns changing load into a false difference).
/// </summary>
internal static class InterleavedOverhead
{
    private const int PromptLength = 32;
    private const int DecodeTokens = 64;
    private const int Warmup = 50;
    private const int Rounds = 300;

    public static void Run()
    {
        Console.WriteLine($"prompt {PromptLength} tokens, {DecodeTokens} generated tokens, {Rounds} alternating rounds after {Warmup} warm-up rounds");
        foreach (var (name, file) in new[] { ("tiny-qwen2-gqa-fp16", "decoder.onnx"), ("tiny-gpt2-fp32", "past.onnx") })
        {
            string folder = FixtureModels.PathOf(name);
            using var model = OnnxDecoderModel.Load(folder);
            using var raw = new RawDecoderLoop(Path.Combine(folder, file));
            int[] prompt = [.. Enumerable.Range(0, PromptLength).Select(i => (i * 37 + 11) % 1000)];
            double rawTotal = 0, oursTotal = 0, prefillTotal = 0;
            for (int round = 0; round < Warmup + Rounds; round++)
            {
                // Alternate which side runs first, so that neither always inherits the other's cache state.
                double rawMs = 0, oursMs = 0, prefillMs = 0;
                for (int side = 0; side < 2; side++)
                {
                    var clock = Stopwatch.StartNew();
                    if ((round + side) % 2 == 0)
                    {
                        raw.Run(prompt, DecodeTokens);
                        rawMs = clock.Elapsed.TotalMilliseconds;
                    }
                    else
                    {
                        prefillMs = Generate(model, prompt, clock);
                        oursMs = clock.Elapsed.TotalMilliseconds;
                    }
                }

                if (round >= Warmup)
                {
                    rawTotal += rawMs;
                    oursTotal += oursMs;
                    prefillTotal += prefillMs;
                }
            }

            double decodeMs = (oursTotal - prefillTotal) / Rounds;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name}: raw {rawTotal / Rounds:0.000} ms, ours {oursTotal / Rounds:0.000} ms, overhead {(oursTotal - rawTotal) / rawTotal:+0.0%;-0.0%}; " +
                $"prefill + first token {prefillTotal / Rounds:0.000} ms, decode {(DecodeTokens - 1) / decodeMs * 1000:0} tokens/s"));
        }
    }

    /// <summary>Runs our loop and returns the milliseconds to the first token (prefill).</summary>
    private static double Generate(OnnxDecoderModel model, int[] prompt, Stopwatch clock)
    {
        using var generator = model.CreateGenerator();
        generator.Append(prompt);
        double firstToken = 0;
        foreach (var token in generator.Generate(new DecodingOptions { MaxNewTokens = DecodeTokens }))
        {
            firstToken = firstToken == 0 ? clock.Elapsed.TotalMilliseconds : firstToken;
        }

        return firstToken;
    }
}

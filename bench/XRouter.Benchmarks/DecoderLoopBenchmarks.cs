using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using XRouter.Policy.Onnx;

namespace XRouter.Benchmarks;

/// <summary>
/// Prefill time, and prefill + greedy decode through <see cref="DecoderGenerator"/> against the same steps
/// run by <see cref="RawDecoderLoop"/> directly on the session: (Generate - RawLoop) / RawLoop is the
/// overhead of our loop, and (Generate - Prefill) / (DecodeTokens - 1) the time per decode token.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
[MemoryDiagnoser]
public class DecoderLoopBenchmarks
{
    private OnnxDecoderModel _model = null!;
    private RawDecoderLoop _raw = null!;
    private int[] _prompt = [];

    /// <summary>The fixture model folder under ../shared/models.</summary>
    [Params("tiny-qwen2-gqa-fp16", "tiny-gpt2-fp32")]
    public string Model { get; set; } = string.Empty;

    /// <summary>Prompt tokens.</summary>
    [Params(32)]
    public int PromptLength { get; set; }

    /// <summary>Generated tokens: one from the prefill, the rest from decode steps.</summary>
    [Params(64)]
    public int DecodeTokens { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string folder = FixtureModels.PathOf(Model);
        _model = OnnxDecoderModel.Load(folder);
        _raw = new RawDecoderLoop(Path.Combine(folder, Model.Contains("gpt2", StringComparison.Ordinal) ? "past.onnx" : "decoder.onnx"));
        _prompt = [.. Enumerable.Range(0, PromptLength).Select(i => (i * 37 + 11) % 1000)];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Dispose();
        _raw.Dispose();
    }

    [Benchmark(Description = "Prefill only (ours)")]
    public float Prefill()
    {
        using var generator = _model.CreateGenerator();
        generator.Append(_prompt);
        return generator.ComputeLogits()[0];
    }

    [Benchmark(Baseline = true, Description = "Prefill + decode, raw session.Run")]
    public int RawLoop() => _raw.Run(_prompt, DecodeTokens);

    [Benchmark(Description = "Prefill + decode, DecoderGenerator.Generate")]
    public int Generate()
    {
        using var generator = _model.CreateGenerator();
        generator.Append(_prompt);
        int last = 0;
        foreach (var token in generator.Generate(new DecodingOptions { MaxNewTokens = DecodeTokens }))
        {
            last = token.TokenId;
        }

        return last;
    }

    private sealed class ShortInProcessConfig : ManualConfig
    {
        public ShortInProcessConfig()
        {
            // Short enough for a few minutes on 2 cores, long enough that the tiny steps average out.
            AddJob(Job.ShortRun.WithWarmupCount(5).WithIterationCount(25).WithToolchain(InProcessEmitToolchain.Instance));
        }
    }
}

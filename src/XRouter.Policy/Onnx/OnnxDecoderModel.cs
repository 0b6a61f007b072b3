using Microsoft.ML.OnnxRuntime;

namespace XRouter.Policy.Onnx;

/// <summary>
/// A decoder-only language model loaded from an ONNX Runtime GenAI model folder (<c>genai_config.json</c>
/// plus the decoder <c>.onnx</c> file). One model serves any number of <see cref="DecoderGenerator"/>s,
/// each holding its own sequence and KV cache.
/// </summary>
public sealed class OnnxDecoderModel : IDisposable
{
    private const string CudaProviderName = "CUDAExecutionProvider";

    private OnnxDecoderModel(string folder, GenAiConfig config, InferenceSession session, DecoderSignature signature, int vocabSize)
    {
        Folder = folder;
        Config = config;
        Session = session;
        Signature = signature;
        VocabSize = vocabSize;
    }

    /// <summary>The model folder this model was loaded from.</summary>
    public string Folder { get; }

    /// <summary>The most tokens (prompt and generated) a sequence may hold, from <c>context_length</c>.</summary>
    public int ContextLength => Config.ContextLength;

    /// <summary>The number of logits per position, that is the exclusive upper bound of valid token ids.</summary>
    public int VocabSize { get; }

    /// <summary>The token ids that end generation, from <c>eos_token_id</c>.</summary>
    public IReadOnlyList<int> EosTokenIds => Config.EosTokenIds;

    internal GenAiConfig Config { get; }

    internal InferenceSession Session { get; }

    internal DecoderSignature Signature { get; }

    /// <summary>Loads the model in <paramref name="folder"/> for the given execution provider.</summary>
    /// <param name="folder">A folder holding <c>genai_config.json</c> and the decoder file it names.</param>
    /// <param name="provider">The execution provider; CPU unless configured otherwise.</param>
    /// <param name="deviceId">The GPU ordinal when <paramref name="provider"/> is CUDA.</param>
    /// <exception cref="FileNotFoundException">When the config or the decoder file is missing.</exception>
    /// <exception cref="InvalidDataException">When the config or the decoder's inputs and outputs are unusable.</exception>
    /// <exception cref="NotSupportedException">When CUDA is asked for but the referenced ONNX Runtime build lacks it.</exception>
    public static OnnxDecoderModel Load(string folder, OnnxExecutionProvider provider = OnnxExecutionProvider.Cpu, int deviceId = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{folder}: the model folder does not exist.");
        }

        var config = GenAiConfig.Load(folder);
        string modelPath = Path.Combine(folder, config.DecoderFileName);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"{modelPath}: the decoder file named by {GenAiConfig.FileName} (model.decoder.filename) does not exist.", modelPath);
        }

        using var options = CreateSessionOptions(provider, deviceId);
        var session = new InferenceSession(modelPath, options);
        try
        {
            var signature = DecoderSignature.Discover(session, config, modelPath);
            int sessionVocab = session.OutputMetadata[DecoderSignature.Logits].Dimensions[^1];
            int vocab = sessionVocab > 0 ? sessionVocab
                : config.VocabSize ?? throw new InvalidDataException($"{modelPath}: the logits output has a symbolic vocabulary size and {GenAiConfig.FileName} gives no model.vocab_size.");
            return new OnnxDecoderModel(folder, config, session, signature, vocab);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Starts an empty sequence with its own KV cache.</summary>
    public DecoderGenerator CreateGenerator() => new(this);

    /// <inheritdoc />
    public void Dispose() => Session.Dispose();

    private static SessionOptions CreateSessionOptions(OnnxExecutionProvider provider, int deviceId)
    {
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        try
        {
            switch (provider)
            {
                case OnnxExecutionProvider.Cpu:
                    break;
                case OnnxExecutionProvider.Cuda when !OrtEnv.Instance().GetAvailableProviders().Contains(CudaProviderName):
                    throw new NotSupportedException(
                        "The CUDA execution provider is not in the referenced ONNX Runtime build (available: " +
                        string.Join(", ", OrtEnv.Instance().GetAvailableProviders()) +
                        "). Reference Microsoft.ML.OnnxRuntime.Gpu instead of Microsoft.ML.OnnxRuntime (see docs/ONNX-ROUTER.md), or use the CPU provider.");
                case OnnxExecutionProvider.Cuda:
                    options.AppendExecutionProvider_CUDA(deviceId);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown execution provider.");
            }

            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }
}

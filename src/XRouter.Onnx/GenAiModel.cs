using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace XRouter.Onnx;

/// <summary>
/// A model folder loaded by ONNX Runtime GenAI: the model, its tokenizer, its context length and the token ids
/// that end an assistant turn. The execution provider and thread count come from the options, whatever the
/// folder's <c>genai_config.json</c> says.
/// </summary>
internal sealed class GenAiModel : IDisposable
{
    private const string ConfigFileName = "genai_config.json";
    private static readonly string[] s_endOfTurnMarkers = ["<|im_end|>", "<|endoftext|>"];

    private GenAiModel(string folder, Model model, Tokenizer tokenizer, int contextLength)
    {
        Folder = folder;
        Model = model;
        Tokenizer = tokenizer;
        ContextLength = contextLength;
        EndOfTurnIds = tokenizer.GetEosTokenIds().ToArray().Concat(s_endOfTurnMarkers.Select(SingleTokenOf).OfType<int>()).ToHashSet();
    }

    public string Folder { get; }

    public Model Model { get; }

    public Tokenizer Tokenizer { get; }

    /// <summary>The model's <c>context_length</c>.</summary>
    public int ContextLength { get; }

    /// <summary>The config's eos ids and the chat markers that end a turn, whichever of them the tokenizer has.</summary>
    public IReadOnlySet<int> EndOfTurnIds { get; }

    /// <exception cref="DirectoryNotFoundException">When the folder does not exist.</exception>
    /// <exception cref="InvalidDataException">When <c>genai_config.json</c> is missing or unusable, or the runtime rejects the model.</exception>
    public static GenAiModel Load(OnnxDecoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string folder = options.ModelPath;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{folder}: the model folder does not exist.");
        }

        int contextLength = ReadContextLength(folder);
        using var config = new Config(folder);
        config.ClearProviders();
        if (options.ExecutionProvider == OnnxExecutionProvider.Cuda)
        {
            config.AppendProvider("cuda");
            config.SetProviderOption("cuda", "device_id", options.DeviceId.ToString(CultureInfo.InvariantCulture));
        }

        if (options.IntraOpThreads is int threads)
        {
            config.Overlay("{\"model\":{\"decoder\":{\"session_options\":{\"intra_op_num_threads\":" + threads.ToString(CultureInfo.InvariantCulture) + "}}}}");
        }

        Model model;
        try
        {
            model = new Model(config);
        }
        catch (OnnxRuntimeGenAIException e) when (options.ExecutionProvider == OnnxExecutionProvider.Cuda)
        {
            throw new NotSupportedException(
                $"{folder}: ONNX Runtime GenAI could not start the CUDA provider ({e.Message}). Build with -p:OnnxRuntimeGenAIFlavor=Cuda " +
                "so that the CUDA native package is shipped (see docs/ONNX-ROUTER.md), or use the CPU provider.", e);
        }
        catch (OnnxRuntimeGenAIException e)
        {
            throw new InvalidDataException($"{folder}: ONNX Runtime GenAI could not load the model: {e.Message}", e);
        }

        try
        {
            return new GenAiModel(folder, model, new Tokenizer(model), contextLength);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Encodes text as the model's tokenizer does (chat markers are single tokens).</summary>
    public int[] Encode(string text)
    {
        using var sequences = Tokenizer.Encode(text);
        return sequences[0].ToArray();
    }

    public void Dispose()
    {
        Tokenizer.Dispose();
        Model.Dispose();
    }

    private int? SingleTokenOf(string marker)
    {
        int[] ids = Encode(marker);
        return ids.Length == 1 ? ids[0] : null;
    }

    private static int ReadContextLength(string folder)
    {
        string path = Path.Combine(folder, ConfigFileName);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: no {ConfigFileName} in the model folder (export the model with the ONNX Runtime GenAI model builder).");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return document.RootElement.TryGetProperty("model", out var model)
                && model.TryGetProperty("context_length", out var length)
                && length.TryGetInt32(out int value) && value > 1
                ? value
                : throw new InvalidDataException($"{path}: model.context_length is missing or not a positive integer.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
    }
}

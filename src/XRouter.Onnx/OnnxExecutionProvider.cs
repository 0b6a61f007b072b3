namespace XRouter.Onnx;

/// <summary>Where ONNX Runtime GenAI runs the decoder.</summary>
public enum OnnxExecutionProvider
{
    /// <summary>The CPU execution provider, present in every build (the default).</summary>
    Cpu,

    /// <summary>
    /// The CUDA execution provider. It exists only when the application ships the CUDA native package
    /// (<c>Microsoft.ML.OnnxRuntimeGenAI.Cuda</c>, selected with the build property
    /// <c>OnnxRuntimeGenAIFlavor=Cuda</c>) instead of the CPU one.
    /// </summary>
    Cuda,
}

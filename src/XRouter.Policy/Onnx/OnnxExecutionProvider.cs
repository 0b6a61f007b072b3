namespace XRouter.Policy.Onnx;

/// <summary>Where ONNX Runtime runs the decoder.</summary>
public enum OnnxExecutionProvider
{
    /// <summary>The CPU execution provider, present in every ONNX Runtime build (the default).</summary>
    Cpu,

    /// <summary>
    /// The CUDA execution provider. It exists only when the application references the GPU build of ONNX
    /// Runtime (<c>Microsoft.ML.OnnxRuntime.Gpu</c>) instead of <c>Microsoft.ML.OnnxRuntime</c>.
    /// </summary>
    Cuda,
}

using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace XRouter.Policy.Onnx;

/// <summary>
/// A pre-sized int32 or int64 buffer (as the session declares) from which <c>[1, count]</c> input tensors
/// are cut without copying: ids, attention mask and position ids all live in one of these per sequence.
/// </summary>
internal sealed class IntegerTensorBuffer
{
    private readonly int[]? _int32;
    private readonly long[]? _int64;

    public IntegerTensorBuffer(TensorElementType type, int capacity)
    {
        if (type == TensorElementType.Int64)
        {
            _int64 = new long[capacity];
        }
        else
        {
            _int32 = new int[capacity];
        }
    }

    public void Set(int index, int value)
    {
        if (_int64 is not null)
        {
            _int64[index] = value;
        }
        else
        {
            _int32![index] = value;
        }
    }

    /// <summary>A tensor of shape <c>[1, count]</c> over the buffer's elements from <paramref name="start"/>; it pins the buffer until disposed.</summary>
    public OrtValue View(int start, int count)
    {
        long[] shape = [1, count];
        return _int64 is not null
            ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _int64.AsMemory(start, count), shape)
            : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _int32.AsMemory(start, count), shape);
    }
}

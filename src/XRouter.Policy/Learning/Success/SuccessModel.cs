using System.Numerics;
using System.Runtime.InteropServices;
using XRouter.Policy.Learning.Features;

namespace XRouter.Policy.Learning.Success;

/// <summary>
/// Per-model success probabilities from query features: a logistic model per known model that shares a query
/// difficulty term, <c>P(m succeeds | x) = sigmoid(b_m + (w_m + u) . x)</c>. The per-model weights are the learned
/// model embedding; a model it does not know gets the mean probability of the known models of its tier.
/// </summary>
internal sealed class SuccessModel
{
    // The shared and per-model weights side by side, one row per feature (padded to whole SIMD vectors): a query's
    // nonzero features each read one contiguous row into every model's sum at once, where a dot product per model
    // was a chain of dependent additions each, most of a decision's success estimate.
    private readonly float[] _rows;
    private readonly int _stride;

    public SuccessModel(IReadOnlyList<string> models, float[] shared, IReadOnlyList<float[]> weights, IReadOnlyList<float> biases)
    {
        Models = models;
        Shared = shared;
        Weights = weights;
        Biases = biases;
        int width = Vector<float>.Count;
        _stride = (models.Count + 1 + width - 1) / width * width;
        _rows = new float[shared.Length * _stride];
        for (int f = 0; f < shared.Length; f++)
        {
            _rows[f * _stride] = shared[f];
            for (int m = 0; m < models.Count; m++)
            {
                _rows[(f * _stride) + m + 1] = weights[m][f];
            }
        }
    }

    /// <summary>The models it knows, in a fixed order.</summary>
    public IReadOnlyList<string> Models { get; }

    /// <summary>The shared difficulty weights (u).</summary>
    public float[] Shared { get; }

    /// <summary>The per-model weights (w_m), in <see cref="Models"/> order.</summary>
    public IReadOnlyList<float[]> Weights { get; }

    /// <summary>The per-model biases (b_m).</summary>
    public IReadOnlyList<float> Biases { get; }

    /// <summary>P(success) of every known model on a query, in <see cref="Models"/> order.</summary>
    public double[] Predict(SparseVector x)
    {
        // Every sum adds the products of one weight column in feature order, as its own dot product would: the float
        // product, widened, then a double addition per lane, so the probabilities are the same to the bit.
        int width = Vector<float>.Count;
        Span<Vector<double>> sums = stackalloc Vector<double>[2 * _stride / width];
        sums.Clear();
        var rows = _rows.AsSpan();
        for (int i = 0; i < x.Indices.Length; i++)
        {
            var value = new Vector<float>(x.Values[i]);
            var row = rows.Slice(x.Indices[i] * _stride, _stride);
            for (int c = 0, s = 0; c < _stride; c += width, s += 2)
            {
                Vector.Widen(new Vector<float>(row.Slice(c, width)) * value, out var low, out var high);
                sums[s] += low;
                sums[s + 1] += high;
            }
        }

        var total = MemoryMarshal.Cast<Vector<double>, double>(sums);
        var p = new double[Models.Count];
        for (int m = 0; m < p.Length; m++)
        {
            p[m] = Sigmoid(Biases[m] + total[0] + total[m + 1]);
        }

        return p;
    }

    internal static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));
}

using XRouter.Policy.Learning.Features;

namespace XRouter.Policy.Learning.Success;

/// <summary>
/// Per-model success probabilities from query features: a logistic model per known model that shares a query
/// difficulty term, <c>P(m succeeds | x) = sigmoid(b_m + (w_m + u) . x)</c>. The per-model weights are the learned
/// model embedding; a model it does not know gets the mean probability of the known models of its tier.
/// </summary>
internal sealed class SuccessModel
{
    public SuccessModel(IReadOnlyList<string> models, float[] shared, IReadOnlyList<float[]> weights, IReadOnlyList<float> biases)
    {
        Models = models;
        Shared = shared;
        Weights = weights;
        Biases = biases;
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
        double shared = x.Dot(Shared);
        var p = new double[Models.Count];
        for (int m = 0; m < p.Length; m++)
        {
            p[m] = Sigmoid(Biases[m] + shared + x.Dot(Weights[m]));
        }

        return p;
    }

    internal static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));
}

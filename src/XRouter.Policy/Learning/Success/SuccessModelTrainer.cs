using XRouter.Policy.Learning.Features;

namespace XRouter.Policy.Learning.Success;

/// <summary>
/// Fits a <see cref="SuccessModel"/> by AdaGrad on the logistic loss with L2 decay, visiting queries in a seeded
/// order, single-threaded, so a seed gives the same weights every time. Also gives cross-fitted (out-of-fold)
/// probabilities for the training queries, so that the routing policy is trained on estimates as noisy as the ones
/// it will see on new queries.
/// </summary>
internal sealed class SuccessModelTrainer
{
    private const double LearningRate = 0.1;
    private const double L2 = 4e-3;

    public int Epochs { get; init; } = 6;

    /// <summary>Fits on <paramref name="x"/> and the success labels <paramref name="y"/>[query][model].</summary>
    public SuccessModel Fit(IReadOnlyList<string> models, IReadOnlyList<SparseVector> x, IReadOnlyList<bool[]> y, int dimension, int seed)
    {
        int modelCount = models.Count;
        var shared = new float[dimension];
        var weights = Enumerable.Range(0, modelCount).Select(_ => new float[dimension]).ToArray();
        var biases = new float[modelCount];
        for (int m = 0; m < modelCount; m++)
        {
            double rate = (y.Count(row => row[m]) + 1.0) / (y.Count + 2.0);
            biases[m] = (float)Math.Log(rate / (1 - rate));
        }

        var sharedSq = new float[dimension];
        var weightSq = Enumerable.Range(0, modelCount).Select(_ => new float[dimension]).ToArray();
        var order = Enumerable.Range(0, x.Count).ToArray();
        var rng = new Random(seed);
        var gradients = new double[modelCount];
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            rng.Shuffle(order);
            foreach (int q in order)
            {
                var row = x[q];
                double sharedDot = row.Dot(shared);
                double sharedGradient = 0;
                for (int m = 0; m < modelCount; m++)
                {
                    double p = SuccessModel.Sigmoid(biases[m] + sharedDot + row.Dot(weights[m]));
                    gradients[m] = p - (y[q][m] ? 1 : 0);
                    sharedGradient += gradients[m];
                    biases[m] -= (float)(0.05 * gradients[m]);
                }

                sharedGradient /= modelCount;
                for (int k = 0; k < row.Indices.Length; k++)
                {
                    int i = row.Indices[k];
                    float v = row.Values[k];
                    Step(shared, sharedSq, i, (sharedGradient * v) + (L2 * shared[i]));
                    for (int m = 0; m < modelCount; m++)
                    {
                        Step(weights[m], weightSq[m], i, (gradients[m] * v) + (L2 * 4 * weights[m][i]));
                    }
                }
            }
        }

        return new SuccessModel(models, shared, weights, biases);
    }

    /// <summary>Out-of-fold probabilities [query][model] from <paramref name="folds"/> fits, each on the other folds.</summary>
    public double[][] CrossFit(IReadOnlyList<string> models, IReadOnlyList<SparseVector> x, IReadOnlyList<bool[]> y, int dimension, int folds, int seed)
    {
        var result = new double[x.Count][];
        for (int fold = 0; fold < folds; fold++)
        {
            var trainIdx = Enumerable.Range(0, x.Count).Where(i => i % folds != fold).ToList();
            var model = Fit(models, [.. trainIdx.Select(i => x[i])], [.. trainIdx.Select(i => y[i])], dimension, seed + fold + 1);
            for (int i = fold; i < x.Count; i += folds)
            {
                result[i] = model.Predict(x[i]);
            }
        }

        return result;
    }

    private static void Step(float[] w, float[] sq, int i, double gradient)
    {
        sq[i] += (float)(gradient * gradient);
        w[i] -= (float)(LearningRate * gradient / (Math.Sqrt(sq[i]) + 1e-6));
    }
}

namespace XRouter.Policy.Learning.Policy;

/// <summary>Scores candidate steps linearly from their features; the policy is the softmax of the scores over the candidates.</summary>
internal sealed class LinearActionScorer
{
    public LinearActionScorer(float[] weights)
    {
        if (weights.Length != ActionFeatures.Count)
        {
            throw new ArgumentException($"The scorer has {weights.Length} weights for {ActionFeatures.Count} features.", nameof(weights));
        }

        Weights = weights;
    }

    public float[] Weights { get; }

    /// <summary>The index of the best-scoring candidate; of equal scores the one expected to cost least, then the first.</summary>
    public int Best(ReadOnlySpan<float> features, ReadOnlySpan<double> expectedCost, int candidates)
    {
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int i = 0; i < candidates; i++)
        {
            double score = Score(features, i);
            if (score > bestScore || (score == bestScore && expectedCost[i] < expectedCost[best]))
            {
                bestScore = score;
                best = i;
            }
        }

        return best;
    }

    /// <summary>Softmax probabilities of the candidates into <paramref name="probabilities"/>.</summary>
    public void Probabilities(ReadOnlySpan<float> features, int candidates, Span<double> probabilities)
    {
        double max = double.NegativeInfinity;
        for (int i = 0; i < candidates; i++)
        {
            probabilities[i] = Score(features, i);
            max = Math.Max(max, probabilities[i]);
        }

        double sum = 0;
        for (int i = 0; i < candidates; i++)
        {
            probabilities[i] = Math.Exp(probabilities[i] - max);
            sum += probabilities[i];
        }

        for (int i = 0; i < candidates; i++)
        {
            probabilities[i] /= sum;
        }
    }

    private double Score(ReadOnlySpan<float> features, int candidate) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(features.Slice(candidate * ActionFeatures.Count, ActionFeatures.Count), Weights);
}

using XRouter.Policy.Learning.Features;

namespace XRouter.Policy.Learning.Success;

/// <summary>
/// Names the training task a request that names none belongs to, when its text clearly does: the task whose centroid
/// (the mean of its training queries' task-less features, normalized) is nearest by cosine, provided the query is at
/// least as close to it as <see cref="Coverage"/> of that task's own training queries are. Anything else stays
/// task-less, so a query unlike every training task is still decided on the modelled estimates.
/// </summary>
internal sealed class TaskRecognizer
{
    /// <summary>The share of a task's training queries its acceptance threshold keeps.</summary>
    public const double Coverage = 0.95;

    public TaskRecognizer(IReadOnlyDictionary<string, (float[] Centroid, double Threshold)> tasks)
    {
        Tasks = tasks;
    }

    /// <summary>Per task: its normalized centroid (dense, the featurizer's dimension) and the cosine a query needs.</summary>
    public IReadOnlyDictionary<string, (float[] Centroid, double Threshold)> Tasks { get; }

    /// <summary>Fits the centroids and thresholds on training queries' task-less features and their tasks.</summary>
    public static TaskRecognizer Fit(IReadOnlyList<SparseVector> features, IReadOnlyList<string?> tasks, int dimension)
    {
        var tasksOf = new Dictionary<string, (float[], double)>(StringComparer.Ordinal);
        foreach (var group in Enumerable.Range(0, features.Count).Where(i => tasks[i] is not null).GroupBy(i => tasks[i]!, StringComparer.Ordinal))
        {
            var members = group.ToList();
            // The tasks whose counted rates exist, so a recognized request is decided on them.
            if (members.Count < PairStatistics.MinTaskQueries)
            {
                continue;
            }

            var centroid = new float[dimension];
            var norms = members.Select(i => Math.Sqrt(features[i].Dot(features[i]))).ToList();
            for (int j = 0; j < members.Count; j++)
            {
                var x = features[members[j]];
                for (int k = 0; k < x.Indices.Length; k++)
                {
                    centroid[x.Indices[k]] += (float)(x.Values[k] / norms[j]);
                }
            }

            float length = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(centroid));
            System.Numerics.Tensors.TensorPrimitives.Divide(centroid, length, centroid);
            var own = members.Select((i, j) => Cosine(features[i], centroid, norms[j])).Order().ToList();
            tasksOf[group.Key] = (centroid, own[(int)Math.Floor((1 - Coverage) * (own.Count - 1))]);
        }

        return new TaskRecognizer(tasksOf);
    }

    /// <summary>The task <paramref name="x"/> (task-less features) is recognized as, or null.</summary>
    public string? Recognize(SparseVector x)
    {
        double norm = Math.Sqrt(x.Dot(x));
        string? best = null;
        double bestCosine = double.NegativeInfinity;
        foreach (var (task, (centroid, _)) in Tasks)
        {
            double cosine = Cosine(x, centroid, norm);
            if (cosine > bestCosine)
            {
                (best, bestCosine) = (task, cosine);
            }
        }

        return best is not null && bestCosine >= Tasks[best].Threshold ? best : null;
    }

    private static double Cosine(SparseVector x, float[] unitCentroid, double norm) => norm > 0 ? x.Dot(unitCentroid) / norm : 0;
}

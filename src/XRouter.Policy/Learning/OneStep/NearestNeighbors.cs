using XRouter.Policy.Catalog;
using XRouter.Policy.Learning.Features;
using XRouter.Policy.Learning.Success;
using XRouter.Policy.Routing;

namespace XRouter.Policy.Learning.OneStep;

/// <summary>
/// Success estimates from the k most similar training queries (cosine over the TF-IDF n-grams): per model, the
/// similarity-weighted share of those neighbours it answered correctly, smoothed towards its overall rate.
/// </summary>
internal sealed class NearestNeighbors
{
    private const double Prior = 1.0;
    private readonly RoutingKnowledge _knowledge;
    private readonly SparseVector[] _vectors;
    private readonly IReadOnlyList<bool[]> _success;
    private readonly double[] _rate;
    private readonly int _k;

    public NearestNeighbors(RoutingKnowledge knowledge, IReadOnlyList<SparseVector> features, IReadOnlyList<bool[]> success, int k)
    {
        _knowledge = knowledge;
        _vectors = [.. features.Select(TextPart)];
        _success = success;
        _k = k;
        int models = knowledge.Success.Models.Count;
        _rate = [.. Enumerable.Range(0, models).Select(m => success.Count(s => s[m]) / (double)success.Count)];
    }

    public PoolAssessment Assess(RoutingQuery query, IReadOnlyList<ModelCard> pool)
    {
        var x = TextPart(_knowledge.Featurizer.Featurize(query));
        var neighbours = Enumerable.Range(0, _vectors.Length)
            .Select(i => (Index: i, Similarity: Math.Max(0, x.Dot(_vectors[i]))))
            .OrderByDescending(n => n.Similarity)
            .ThenBy(n => n.Index)
            .Take(_k)
            .ToList();
        double weight = neighbours.Sum(n => n.Similarity);
        var known = new double[_rate.Length];
        for (int m = 0; m < known.Length; m++)
        {
            double hits = neighbours.Sum(n => _success[n.Index][m] ? n.Similarity : 0);
            known[m] = (hits + (Prior * _rate[m])) / (weight + Prior);
        }

        // Costs (and unknown models) as the learned router estimates them.
        var estimate = _knowledge.Assess(query, pool);
        var p = new double[pool.Count];
        for (int i = 0; i < pool.Count; i++)
        {
            int m = IndexOf(pool[i].Id);
            p[i] = m >= 0 ? known[m] : _knowledge.Fallback(known, pool[i].Tier, query.Task).P;
        }

        return estimate with { P = p };
    }

    private int IndexOf(string id)
    {
        var models = _knowledge.Success.Models;
        for (int i = 0; i < models.Count; i++)
        {
            if (models[i] == id)
            {
                return i;
            }
        }

        return -1;
    }

    private SparseVector TextPart(SparseVector v)
    {
        int n = Array.FindIndex(v.Indices, i => i >= _knowledge.Featurizer.Text.Buckets);
        n = n < 0 ? v.Indices.Length : n;
        return new SparseVector(v.Indices[..n], v.Values[..n]);
    }
}

using System.Globalization;

namespace XRouter.Policy.Learning.Features;

/// <summary>
/// Query features without an external model: hashed word uni- and bigrams and character 4-grams, weighted by
/// sublinear term frequency times inverse document frequency and L2-normalized, followed by a few structure
/// features (length, code and math markers, option lists, non-ASCII share) and, when the request names its task
/// family, a hashed task indicator. Hashing is FNV-1a over the text, so features are the same in every process.
/// </summary>
internal sealed class HashedTextFeaturizer
{
    /// <summary>The dense structure features after the hashed buckets.</summary>
    public const int StructureFeatures = 8;

    /// <summary>The hashed task-family slots after the structure features.</summary>
    public const int TaskFeatures = 32;

    private readonly float[] _idf;

    public HashedTextFeaturizer(int buckets, float[] idf)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 16);
        if (idf.Length != buckets)
        {
            throw new ArgumentException($"The IDF table has {idf.Length} entries for {buckets} buckets.", nameof(idf));
        }

        Buckets = buckets;
        _idf = idf;
    }

    /// <summary>How many hashed buckets.</summary>
    public int Buckets { get; }

    /// <summary>The inverse document frequency per bucket.</summary>
    public ReadOnlySpan<float> Idf => _idf;

    /// <summary>The length of every feature vector: buckets, structure features, task slots.</summary>
    public int Dimension => Buckets + StructureFeatures + TaskFeatures;

    /// <summary>Fits the IDF table on <paramref name="documents"/>.</summary>
    public static HashedTextFeaturizer Fit(IReadOnlyList<string> documents, int buckets)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var df = new int[buckets];
        var seen = new HashSet<int>();
        foreach (string text in documents)
        {
            seen.Clear();
            ForEachTerm(text, buckets, bucket => seen.Add(bucket));
            foreach (int bucket in seen)
            {
                df[bucket]++;
            }
        }

        var idf = new float[buckets];
        for (int i = 0; i < buckets; i++)
        {
            idf[i] = (float)(Math.Log((1.0 + documents.Count) / (1.0 + df[i])) + 1.0);
        }

        return new HashedTextFeaturizer(buckets, idf);
    }

    /// <summary>The feature vector of <paramref name="text"/>.</summary>
    /// <param name="text">The query.</param>
    /// <param name="task">The query's task family, when the request names one.</param>
    public SparseVector Featurize(string text, string? task = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var counts = new Dictionary<int, int>();
        ForEachTerm(text, Buckets, bucket => counts[bucket] = counts.GetValueOrDefault(bucket) + 1);
        int extra = StructureFeatures + (task is null ? 0 : 1);
        var indices = new int[counts.Count + extra];
        var values = new float[counts.Count + extra];
        int n = 0;
        double norm = 0;
        foreach (var (bucket, count) in counts.OrderBy(kv => kv.Key))
        {
            float weight = (float)((1.0 + Math.Log(count)) * _idf[bucket]);
            indices[n] = bucket;
            values[n++] = weight;
            norm += weight * weight;
        }

        float scale = norm > 0 ? (float)(1.0 / Math.Sqrt(norm)) : 0f;
        for (int i = 0; i < n; i++)
        {
            values[i] *= scale;
        }

        Span<float> structure = stackalloc float[StructureFeatures];
        Structure(text, structure);
        for (int i = 0; i < StructureFeatures; i++)
        {
            indices[n + i] = Buckets + i;
            values[n + i] = structure[i];
        }

        if (task is not null)
        {
            indices[^1] = Buckets + StructureFeatures + (int)(Fnv(task, 0x811C9DC5) % TaskFeatures);
            values[^1] = 1;
        }

        return new SparseVector(indices, values);
    }

    private static void Structure(string text, Span<float> into)
    {
        int nonAscii = 0;
        int digits = 0;
        foreach (char c in text)
        {
            nonAscii += c > 127 ? 1 : 0;
            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }

        float length = Math.Max(1, text.Length);
        into[0] = (float)(Math.Log(1 + text.Length) / 10);
        into[1] = text.Contains("```", StringComparison.Ordinal) || text.Contains("def ", StringComparison.Ordinal) || text.Contains("assert ", StringComparison.Ordinal) ? 1 : 0;
        into[2] = text.Contains('$', StringComparison.Ordinal) || text.Contains("\\frac", StringComparison.Ordinal) || text.Contains('^', StringComparison.Ordinal) ? 1 : 0;
        into[3] = text.Contains("A)", StringComparison.Ordinal) && text.Contains("B)", StringComparison.Ordinal) ? 1 : 0;
        into[4] = text.Contains("C)", StringComparison.Ordinal) ? 1 : 0;
        into[5] = nonAscii / length;
        into[6] = digits / length;
        into[7] = text.Contains('?', StringComparison.Ordinal) ? 1 : 0;
    }

    private static void ForEachTerm(string text, int buckets, Action<int> add)
    {
        string lower = text.ToLower(CultureInfo.InvariantCulture);
        uint previous = 0;
        bool hasPrevious = false;
        int start = -1;
        for (int i = 0; i <= lower.Length; i++)
        {
            bool word = i < lower.Length && char.IsLetterOrDigit(lower[i]);
            if (word && start < 0)
            {
                start = i;
            }
            else if (!word && start >= 0)
            {
                uint hash = Fnv(lower.AsSpan(start, i - start), 0x811C9DC5);
                add((int)(hash % (uint)buckets));
                if (hasPrevious)
                {
                    add((int)(Mix(previous, hash) % (uint)buckets));
                }

                previous = hash;
                hasPrevious = true;
                start = -1;
            }
        }

        for (int i = 0; i + 4 <= lower.Length; i++)
        {
            add((int)(Fnv(lower.AsSpan(i, 4), 0x01000193) % (uint)buckets));
        }
    }

    private static uint Fnv(ReadOnlySpan<char> text, uint seed)
    {
        uint hash = seed;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }

    private static uint Mix(uint a, uint b) => ((a * 31) ^ b) * 2654435761;
}

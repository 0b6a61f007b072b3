using System.Buffers;

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
        foreach (string text in documents)
        {
            var terms = SortedTerms(text, buckets, out int[] rented);
            for (int i = 0; i < terms.Length; i++)
            {
                if (i == 0 || terms[i] != terms[i - 1])
                {
                    df[terms[i]]++;
                }
            }

            ArrayPool<int>.Shared.Return(rented);
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
        var terms = SortedTerms(text, Buckets, out int[] rented);
        int distinct = 0;
        for (int i = 0; i < terms.Length; i++)
        {
            distinct += i == 0 || terms[i] != terms[i - 1] ? 1 : 0;
        }

        int extra = StructureFeatures + (task is null ? 0 : 1);
        var indices = new int[distinct + extra];
        var values = new float[distinct + extra];
        int n = 0;
        double norm = 0;
        for (int start = 0; start < terms.Length;)
        {
            int end = start + 1;
            while (end < terms.Length && terms[end] == terms[start])
            {
                end++;
            }

            int bucket = terms[start];
            float weight = (float)((1.0 + Math.Log(end - start)) * _idf[bucket]);
            indices[n] = bucket;
            values[n++] = weight;
            norm += weight * weight;
            start = end;
        }

        ArrayPool<int>.Shared.Return(rented);
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

    // Every term's bucket, sorted, in a pooled buffer (the caller returns it): counting runs of equal buckets
    // then gives term frequencies without a dictionary. Case is folded per character, without a lowered copy.
    private static Span<int> SortedTerms(string text, int buckets, out int[] rented)
    {
        rented = ArrayPool<int>.Shared.Rent((text.Length * 3) + 2);
        int count = 0;
        uint previous = 0;
        bool hasPrevious = false;
        uint hash = 0x811C9DC5;
        bool inWord = false;
        for (int i = 0; i <= text.Length; i++)
        {
            char c = i < text.Length ? char.ToLowerInvariant(text[i]) : ' ';
            if (char.IsLetterOrDigit(c))
            {
                hash = inWord ? (hash ^ c) * 16777619 : (0x811C9DC5 ^ c) * 16777619;
                inWord = true;
            }
            else if (inWord)
            {
                rented[count++] = (int)(hash % (uint)buckets);
                if (hasPrevious)
                {
                    rented[count++] = (int)(Mix(previous, hash) % (uint)buckets);
                }

                previous = hash;
                hasPrevious = true;
                inWord = false;
            }
        }

        for (int i = 0; i + 4 <= text.Length; i++)
        {
            uint gram = 0x01000193;
            for (int k = i; k < i + 4; k++)
            {
                gram = (gram ^ char.ToLowerInvariant(text[k])) * 16777619;
            }

            rented[count++] = (int)(gram % (uint)buckets);
        }

        var terms = rented.AsSpan(0, count);
        terms.Sort();
        return terms;
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

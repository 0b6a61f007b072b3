using System.Buffers;
using System.Numerics;

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

    // 1 + ln(tf) for the common small counts: the same doubles Math.Log gives, without a logarithm per term.
    private static readonly double[] s_sublinear = [.. Enumerable.Range(0, 64).Select(c => 1.0 + Math.Log(c))];

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
            using var terms = new TermCounts(text, buckets);
            foreach (int bucket in terms.Buckets)
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
        using var terms = new TermCounts(text, Buckets);
        var buckets = terms.Buckets;
        int n = buckets.Length;
        int extra = StructureFeatures + (task is null ? 0 : 1);
        var indices = new int[n + extra];
        var values = new float[n + extra];
        double norm = 0;
        for (int i = 0; i < n; i++)
        {
            int bucket = buckets[i];
            float weight = (float)(SublinearFrequency(terms.Count(bucket)) * _idf[bucket]);
            indices[i] = bucket;
            values[i] = weight;
            norm += weight * weight;
        }

        float scale = norm > 0 ? (float)(1.0 / Math.Sqrt(norm)) : 0f;
        for (int i = 0; i < n; i++)
        {
            values[i] *= scale;
        }

        Structure(text, values.AsSpan(n, StructureFeatures));
        for (int i = 0; i < StructureFeatures; i++)
        {
            indices[n + i] = Buckets + i;
        }

        if (task is not null)
        {
            indices[^1] = TaskIndex(task);
            values[^1] = 1;
        }

        return new SparseVector(indices, values);
    }

    /// <summary>The index of <paramref name="task"/>'s indicator feature (after the buckets and structure features).</summary>
    public int TaskIndex(string task) => Buckets + StructureFeatures + (int)(Fnv(task, 0x811C9DC5) % TaskFeatures);

    private static double SublinearFrequency(int count) =>
        count < s_sublinear.Length ? s_sublinear[count] : 1.0 + Math.Log(count);

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

    /// <summary>
    /// The distinct term buckets of a text (ascending) with their counts: word uni- and bigrams and character 4-grams of
    /// the text with case folded once. Counts go into a per-thread table of one slot per bucket, cleared again on
    /// dispose, and every term sets its bucket's bit in a per-thread bitmap (no branch on whether it is the first); the
    /// distinct buckets are read off the bitmap's set bits in order, so nothing is sorted and a featurization allocates
    /// nothing but its pooled buffers.
    /// (Scanning the count table for nonzero slots instead cost a search call per distinct bucket, a third of the
    /// featurization of a RouterBench prompt.)
    /// </summary>
    private ref struct TermCounts
    {
        [ThreadStatic]
        private static int[]? t_counts;

        [ThreadStatic]
        private static ulong[]? t_seen;

        private readonly int[] _counts;
        private readonly ulong[] _seen;
        private readonly int[] _distinct;
        private readonly int _length;

        public TermCounts(string text, int buckets)
        {
            _counts = t_counts is { Length: var size } table && size == buckets ? table : (t_counts = new int[buckets]);
            int words = (buckets + 63) / 64;
            _seen = t_seen is { Length: var seenSize } seen && seenSize == words ? seen : (t_seen = new ulong[words]);

            // The usual bucket counts are powers of two, where a mask gives the remainder without a division.
            uint mask = BitOperations.IsPow2(buckets) ? (uint)buckets - 1 : 0;
            char[] lowered = ArrayPool<char>.Shared.Rent(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                lowered[i] = char.ToLowerInvariant(text[i]);
            }

            uint previous = 0;
            bool hasPrevious = false;
            uint hash = 0x811C9DC5;
            bool inWord = false;
            for (int i = 0; i <= text.Length; i++)
            {
                char c = i < text.Length ? lowered[i] : ' ';
                if (char.IsLetterOrDigit(c))
                {
                    hash = inWord ? (hash ^ c) * 16777619 : (0x811C9DC5 ^ c) * 16777619;
                    inWord = true;
                }
                else if (inWord)
                {
                    Add(Bucket(hash, buckets, mask));
                    if (hasPrevious)
                    {
                        Add(Bucket(Mix(previous, hash), buckets, mask));
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
                    gram = (gram ^ lowered[k]) * 16777619;
                }

                Add(Bucket(gram, buckets, mask));
            }

            ArrayPool<char>.Shared.Return(lowered);
            int distinct = 0;
            foreach (ulong bits in _seen)
            {
                distinct += BitOperations.PopCount(bits);
            }

            _length = distinct;
            _distinct = ArrayPool<int>.Shared.Rent(distinct);
            for (int word = 0, n = 0; n < distinct; word++)
            {
                for (ulong bits = _seen[word]; bits != 0; bits &= bits - 1)
                {
                    _distinct[n++] = (word * 64) + BitOperations.TrailingZeroCount(bits);
                }

                _seen[word] = 0;
            }
        }

        /// <summary>The distinct buckets, ascending.</summary>
        public readonly ReadOnlySpan<int> Buckets => _distinct.AsSpan(0, _length);

        public readonly int Count(int bucket) => _counts[bucket];

        public readonly void Dispose()
        {
            foreach (int bucket in Buckets)
            {
                _counts[bucket] = 0;
            }

            ArrayPool<int>.Shared.Return(_distinct);
        }

        private static int Bucket(uint hash, int buckets, uint mask) => (int)(mask != 0 ? hash & mask : hash % (uint)buckets);

        private readonly void Add(int bucket)
        {
            _counts[bucket]++;
            _seen[bucket >> 6] |= 1UL << bucket;
        }
    }
}

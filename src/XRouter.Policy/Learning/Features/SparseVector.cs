namespace XRouter.Policy.Learning.Features;

/// <summary>A sparse feature vector: sorted, distinct indices and their values.</summary>
internal sealed class SparseVector
{
    public SparseVector(int[] indices, float[] values)
    {
        Indices = indices;
        Values = values;
    }

    public int[] Indices { get; }

    public float[] Values { get; }

    /// <summary>The dot product with a dense vector.</summary>
    public double Dot(ReadOnlySpan<float> dense)
    {
        double sum = 0;
        for (int i = 0; i < Indices.Length; i++)
        {
            sum += Values[i] * dense[Indices[i]];
        }

        return sum;
    }

    /// <summary>The dot product with another sparse vector (both sorted).</summary>
    public double Dot(SparseVector other)
    {
        double sum = 0;
        int a = 0;
        int b = 0;
        while (a < Indices.Length && b < other.Indices.Length)
        {
            int diff = Indices[a] - other.Indices[b];
            if (diff == 0)
            {
                sum += Values[a++] * other.Values[b++];
            }
            else if (diff < 0)
            {
                a++;
            }
            else
            {
                b++;
            }
        }

        return sum;
    }
}

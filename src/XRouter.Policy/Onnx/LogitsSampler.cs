namespace XRouter.Policy.Onnx;

/// <summary>
/// Picks the next token from logits: repetition penalty, then greedy or temperature / top-k / top-p
/// sampling with a seedable generator, in the order Hugging Face applies them. Work buffers are sized
/// once per vocabulary so that a decode step allocates nothing.
/// </summary>
internal sealed class LogitsSampler
{
    private readonly DecodingOptions _options;
    private readonly Random _random;
    private readonly int[] _seen;
    private readonly int[] _candidates;
    private readonly float[] _weights;
    private readonly PriorityQueue<int, float> _topK = new();
    private int _stamp;

    public LogitsSampler(DecodingOptions options, int vocabSize)
    {
        _options = options;
        _random = options.Seed is int seed ? new Random(seed) : new Random();
        _seen = options.RepetitionPenalty != 1f ? new int[vocabSize] : [];
        bool sampling = options.Temperature > 0f;
        _candidates = sampling ? new int[vocabSize] : [];
        _weights = sampling ? new float[vocabSize] : [];
    }

    public int Next(Span<float> logits, ReadOnlySpan<int> history)
    {
        if (_options.RepetitionPenalty != 1f)
        {
            Penalize(logits, history);
        }

        return _options.Temperature > 0f ? Sample(logits) : ArgMax(logits);
    }

    internal static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }

    private void Penalize(Span<float> logits, ReadOnlySpan<int> history)
    {
        // A stamp per call marks each distinct token once without clearing the array.
        _stamp++;
        float penalty = _options.RepetitionPenalty;
        foreach (int token in history)
        {
            if (_seen[token] != _stamp)
            {
                _seen[token] = _stamp;
                logits[token] = logits[token] > 0 ? logits[token] / penalty : logits[token] * penalty;
            }
        }
    }

    private int Sample(Span<float> logits)
    {
        int count = Candidates(logits);
        float max = float.NegativeInfinity;
        for (int i = 0; i < count; i++)
        {
            max = MathF.Max(max, logits[_candidates[i]]);
        }

        float inverseTemperature = 1f / _options.Temperature;
        double total = 0;
        for (int i = 0; i < count; i++)
        {
            float weight = MathF.Exp((logits[_candidates[i]] - max) * inverseTemperature);
            _weights[i] = weight;
            total += weight;
        }

        if (_options.TopP < 1f)
        {
            double kept = 0;
            int i = 0;
            while (i < count && kept < _options.TopP * total)
            {
                kept += _weights[i++];
            }

            (count, total) = (Math.Max(i, 1), Math.Max(kept, _weights[0]));
        }

        double draw = _random.NextDouble() * total;
        for (int i = 0; i < count; i++)
        {
            draw -= _weights[i];
            if (draw < 0)
            {
                return _candidates[i];
            }
        }

        return _candidates[count - 1];
    }

    /// <summary>
    /// Fills <see cref="_candidates"/> with the tokens to sample from and returns their count; most likely
    /// first whenever top-k or top-p needs the order.
    /// </summary>
    private int Candidates(ReadOnlySpan<float> logits)
    {
        int k = _options.TopK;
        if (k > 0 && k < logits.Length)
        {
            _topK.Clear();
            for (int i = 0; i < logits.Length; i++)
            {
                if (_topK.Count < k)
                {
                    _topK.Enqueue(i, logits[i]);
                }
                else if (_topK.TryPeek(out _, out float smallest) && logits[i] > smallest)
                {
                    _topK.EnqueueDequeue(i, logits[i]);
                }
            }

            for (int i = k - 1; i >= 0; i--)
            {
                _candidates[i] = _topK.Dequeue();
            }

            return k;
        }

        for (int i = 0; i < logits.Length; i++)
        {
            _candidates[i] = i;
            _weights[i] = -logits[i];
        }

        if (_options.TopP < 1f)
        {
            _weights.AsSpan(0, logits.Length).Sort(_candidates.AsSpan(0, logits.Length));
        }

        return logits.Length;
    }
}

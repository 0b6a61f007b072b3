namespace XRouter.Policy.Learning.Success;

/// <summary>
/// What cascades through each pair of trained models did on the training queries of one task, counted rather than
/// modelled: how often the two replies state one answer and it is right, how often they do not and either one is
/// right, and how often each third model is right where they do not. These are the rates a fixed per-task cascade is
/// chosen by, and they carry what the per-query estimates cannot: that two models err together, or that a third one
/// is right exactly where they split.
/// </summary>
/// <param name="Agree">P(the two replies state one answer), [a * n + b], symmetric.</param>
/// <param name="AgreeRight">P(they state one answer and both are right), [a * n + b], symmetric.</param>
/// <param name="DisagreeRight">P(they do not and <c>a</c> is right), [a * n + b].</param>
/// <param name="Escalation">P(they do not and a third model <c>s</c> is right), [(a * n + b) * n + s], symmetric in a and b.</param>
/// <param name="Right">P(model <c>m</c> is right), [m].</param>
/// <param name="Parsed">P(model <c>m</c>'s reply states an answer the extractor reads), [m].</param>
/// <param name="ParsedRight">P(it states one and is right), [m].</param>
internal sealed record CascadeRates(float[] Agree, float[] AgreeRight, float[] DisagreeRight, float[] Escalation, float[] Right, float[] Parsed, float[] ParsedRight)
{
    /// <summary>Rates for knowledge that never plans cascades: nothing observed.</summary>
    public static CascadeRates None(int models) =>
        new(new float[models * models], new float[models * models], new float[models * models], new float[models * models * models], new float[models], new float[models], new float[models]);

    /// <summary>Whether the tables have the lengths of <paramref name="models"/> models.</summary>
    public bool Fits(int models) =>
        Agree.Length == models * models && AgreeRight.Length == models * models && DisagreeRight.Length == models * models
        && Escalation.Length == models * models * models && Right.Length == models
        && Parsed.Length == models && ParsedRight.Length == models;

    /// <summary>Counts the rates on <paramref name="queries"/>.</summary>
    public static CascadeRates Fit(IReadOnlyList<int> queries, int n, IReadOnlyList<bool[]> success, IReadOnlyList<string?[]> answers)
    {
        var rates = None(n);
        if (queries.Count == 0)
        {
            return rates;
        }

        var right = new double[n];
        var parsed = new double[n];
        var parsedRight = new double[n];
        foreach (int q in queries)
        {
            for (int m = 0; m < n; m++)
            {
                right[m] += success[q][m] ? 1 : 0;
                parsed[m] += answers[q][m] is null ? 0 : 1;
                parsedRight[m] += answers[q][m] is not null && success[q][m] ? 1 : 0;
            }
        }

        double count = queries.Count;
        for (int m = 0; m < n; m++)
        {
            rates.Right[m] = (float)(right[m] / count);
            rates.Parsed[m] = (float)(parsed[m] / count);
            rates.ParsedRight[m] = (float)(parsedRight[m] / count);
        }

        for (int a = 0; a < n; a++)
        {
            for (int b = a + 1; b < n; b++)
            {
                double agree = 0, agreeRight = 0, aRight = 0, bRight = 0;
                var escalation = new double[n];
                foreach (int q in queries)
                {
                    if (answers[q][a] is string x && x == answers[q][b])
                    {
                        agree++;
                        agreeRight += success[q][a] && success[q][b] ? 1 : 0;
                        continue;
                    }

                    aRight += success[q][a] ? 1 : 0;
                    bRight += success[q][b] ? 1 : 0;
                    for (int s = 0; s < n; s++)
                    {
                        escalation[s] += success[q][s] ? 1 : 0;
                    }
                }

                Set(rates.Agree, n, a, b, agree / count);
                Set(rates.AgreeRight, n, a, b, agreeRight / count);
                rates.DisagreeRight[(a * n) + b] = (float)(aRight / count);
                rates.DisagreeRight[(b * n) + a] = (float)(bRight / count);
                for (int s = 0; s < n; s++)
                {
                    if (s != a && s != b)
                    {
                        float value = (float)(escalation[s] / count);
                        rates.Escalation[(((a * n) + b) * n) + s] = value;
                        rates.Escalation[(((b * n) + a) * n) + s] = value;
                    }
                }
            }
        }

        return rates;
    }

    private static void Set(float[] table, int n, int a, int b, double value)
    {
        table[(a * n) + b] = (float)value;
        table[(b * n) + a] = (float)value;
    }
}

/// <summary>
/// The counted cascade rates of one pair of pool models. Each pool model reads as the trained models standing in for
/// it: itself when training knew it, else the known models of its catalog tier, whose rates are averaged (as its
/// success estimate is).
/// </summary>
internal readonly struct ObservedPair
{
    private readonly CascadeRates _rates;
    private readonly int _n;
    private readonly int[] _first;
    private readonly int[] _second;
    private readonly IReadOnlyList<int[]> _standIns;

    public ObservedPair(CascadeRates rates, int n, int first, int second, IReadOnlyList<int[]> standIns)
    {
        _rates = rates;
        _n = n;
        _first = standIns[first];
        _second = standIns[second];
        _standIns = standIns;
    }

    /// <summary>P(the replies state one answer).</summary>
    public double Agree => Mean(_rates.Agree, _first, _second);

    /// <summary>P(they state one answer and it is right).</summary>
    public double AgreeRight => Mean(_rates.AgreeRight, _first, _second);

    /// <summary>P(they do not, and the first model of the pair is right).</summary>
    public double FirstRightOnDisagreement => Mean(_rates.DisagreeRight, _first, _second);

    /// <summary>P(they do not, and the second model of the pair is right).</summary>
    public double SecondRightOnDisagreement => Mean(_rates.DisagreeRight, _second, _first);

    /// <summary>P(they do not, and pool model <paramref name="s"/> is right); null when nothing stands in for it.</summary>
    public double? EscalationRight(int s)
    {
        var third = _standIns[s];
        if (_first.Length == 1 && _second.Length == 1 && third.Length == 1)
        {
            // Three trained models, the usual case: their one rate, as the mean below would give it.
            int a1 = _first[0], b1 = _second[0], m1 = third[0];
            return a1 != b1 && m1 != a1 && m1 != b1 ? _rates.Escalation[(((a1 * _n) + b1) * _n) + m1] : null;
        }

        double sum = 0;
        int count = 0;
        foreach (int a in _first)
        {
            foreach (int b in _second)
            {
                foreach (int m in third)
                {
                    if (a != b && m != a && m != b)
                    {
                        sum += _rates.Escalation[(((a * _n) + b) * _n) + m];
                        count++;
                    }
                }
            }
        }

        return count == 0 ? null : sum / count;
    }

    private double Mean(float[] table, int[] first, int[] second)
    {
        if (first.Length == 1 && second.Length == 1)
        {
            return first[0] != second[0] ? table[(first[0] * _n) + second[0]] : 0;
        }

        double sum = 0;
        int count = 0;
        foreach (int a in first)
        {
            foreach (int b in second)
            {
                if (a != b)
                {
                    sum += table[(a * _n) + b];
                    count++;
                }
            }
        }

        return count == 0 ? 0 : sum / count;
    }
}

namespace XRouter.Policy.Learning.Success;

/// <summary>
/// What training learned about models together, which per-model success estimates cannot say: how often two replies
/// state the same answer when both are right, both wrong or split, how far the two models' successes are correlated
/// beyond their estimates, and how a third model fares on queries where two others disagreed (they are harder).
/// Fitted per task (tasks with enough queries) and over all queries; a model training did not know takes the mean
/// rates of the known ones. This is what lets the policy value "call two cheap models, escalate if they disagree".
/// </summary>
internal sealed class PairStatistics
{
    /// <summary>The key of the rates over all tasks.</summary>
    public const string AllTasks = "";

    /// <summary>The training queries a task needs for rates of its own (fewer: the pooled rates serve it).</summary>
    internal const int MinTaskQueries = 30;

    private PairStatistics(int models, IReadOnlyDictionary<string, PairTable> tables)
    {
        Models = models;
        Tables = tables;
    }

    /// <summary>How many trained models the tables cover.</summary>
    public int Models { get; }

    /// <summary>The tables by task (<see cref="AllTasks"/> for all).</summary>
    public IReadOnlyDictionary<string, PairTable> Tables { get; }

    /// <summary>
    /// Rates that assume nothing learned: right replies agree, wrong ones half the time, a split never, no correlation,
    /// no lift. For knowledge that never plans pair calls (the one-step learner).
    /// </summary>
    public static PairStatistics Independent(int models)
    {
        var table = new PairTable(Filled(models * models, 1), Filled(models * models, 0.5f), new float[models * models], new float[models * models], Filled(models, 1), CascadeRates.None(models));
        return new PairStatistics(models, new Dictionary<string, PairTable>(StringComparer.Ordinal) { [AllTasks] = table });
    }

    /// <summary>Creates statistics from tables read from a policy file.</summary>
    public static PairStatistics FromTables(int models, IReadOnlyDictionary<string, PairTable> tables)
    {
        if (!tables.ContainsKey(AllTasks))
        {
            throw new FormatException("the pair statistics have no table over all tasks");
        }

        foreach (var (task, table) in tables)
        {
            if (table.AgreeRight.Length != models * models || table.AgreeWrong.Length != models * models
                || table.AgreeSplit.Length != models * models || table.Correlation.Length != models * models || table.EscalationLift.Length != models
                || !table.Observed.Fits(models))
            {
                throw new FormatException($"the pair table of task '{task}' does not match {models} models");
            }
        }

        return new PairStatistics(models, tables);
    }

    /// <summary>
    /// Fits the rates on training queries. <paramref name="p"/> must be out-of-fold estimates, so the correlation is
    /// what remains between the models once the estimates are known, as at run time.
    /// </summary>
    /// <param name="tasks">Each query's task, or null.</param>
    /// <param name="p">Estimated success probability [query][model].</param>
    /// <param name="success">Recorded success [query][model].</param>
    /// <param name="answers">The answer parsed from each recorded reply [query][model], or null.</param>
    public static PairStatistics Fit(IReadOnlyList<string?> tasks, IReadOnlyList<double[]> p, IReadOnlyList<bool[]> success, IReadOnlyList<string?[]> answers)
    {
        int n = p.Count == 0 ? 0 : p[0].Length;
        var tables = new Dictionary<string, PairTable>(StringComparer.Ordinal)
        {
            [AllTasks] = FitTable(Enumerable.Range(0, p.Count).ToList(), n, p, success, answers),
        };
        foreach (var group in Enumerable.Range(0, p.Count).Where(q => tasks[q] is not null).GroupBy(q => tasks[q]!, StringComparer.Ordinal))
        {
            var queries = group.ToList();
            if (queries.Count >= MinTaskQueries)
            {
                tables[group.Key] = FitTable(queries, n, p, success, answers);
            }
        }

        return new PairStatistics(n, tables);
    }

    /// <summary>The rates among a request's pool, for its task.</summary>
    /// <param name="trained">Per pool model, its index among the trained models, or -1 when training did not know it.</param>
    /// <param name="task">The request's task, or null.</param>
    /// <param name="standIns">Per pool model, the trained models whose counted rates it reads as: itself when known,
    /// the known models of its tier when not (empty: none).</param>
    public PairView View(IReadOnlyList<int> trained, string? task, IReadOnlyList<int[]> standIns)
    {
        bool known = task is not null && Tables.ContainsKey(task);
        return new PairView(known ? Tables[task!] : Tables[AllTasks], Models, trained, known ? standIns : null);
    }

    private static PairTable FitTable(List<int> queries, int n, IReadOnlyList<double[]> p, IReadOnlyList<bool[]> success, IReadOnlyList<string?[]> answers)
    {
        var agreeRight = new float[n * n];
        var agreeWrong = new float[n * n];
        var agreeSplit = new float[n * n];
        var correlation = new float[n * n];
        var liftObserved = new double[n];
        var liftExpected = new double[n];
        for (int a = 0; a < n; a++)
        {
            for (int b = a + 1; b < n; b++)
            {
                // Counts with a uniform prior, so a rare case reads as "unknown" (one half) rather than 0 or 1.
                double rr = 0, rrAgree = 0, ww = 0, wwAgree = 0, split = 0, splitAgree = 0, jointExcess = 0, jointScale = 0;
                foreach (int q in queries)
                {
                    bool agree = answers[q][a] is string x && x == answers[q][b];
                    bool ra = success[q][a], rb = success[q][b];
                    if (ra && rb)
                    {
                        rr++;
                        rrAgree += agree ? 1 : 0;
                    }
                    else if (!ra && !rb)
                    {
                        ww++;
                        wwAgree += agree ? 1 : 0;
                    }
                    else
                    {
                        split++;
                        splitAgree += agree ? 1 : 0;
                    }

                    double pa = p[q][a], pb = p[q][b];
                    jointExcess += (ra && rb ? 1 : 0) - (pa * pb);
                    jointScale += Math.Sqrt(pa * (1 - pa) * pb * (1 - pb));
                    if (!agree)
                    {
                        for (int s = 0; s < n; s++)
                        {
                            if (s != a && s != b)
                            {
                                liftObserved[s] += success[q][s] ? 1 : 0;
                                liftExpected[s] += p[q][s];
                            }
                        }
                    }
                }

                Set(agreeRight, n, a, b, (rrAgree + 1) / (rr + 2));
                Set(agreeWrong, n, a, b, (wwAgree + 1) / (ww + 2));
                Set(agreeSplit, n, a, b, (splitAgree + 1) / (split + 2));

                // Shrunk toward independence by a few queries' worth of evidence.
                Set(correlation, n, a, b, Math.Clamp(jointExcess / (jointScale + 5), -1, 1));
            }
        }

        var lift = new float[n];
        for (int s = 0; s < n; s++)
        {
            lift[s] = (float)((liftObserved[s] + 1) / (liftExpected[s] + 1));
        }

        return new PairTable(agreeRight, agreeWrong, agreeSplit, correlation, lift, CascadeRates.Fit(queries, n, success, answers));
    }

    private static float[] Filled(int length, float value)
    {
        var values = new float[length];
        Array.Fill(values, value);
        return values;
    }

    private static void Set(float[] table, int n, int a, int b, double value)
    {
        table[(a * n) + b] = (float)value;
        table[(b * n) + a] = (float)value;
    }
}

/// <summary>
/// Pair rates of one task, as symmetric [model * models + model] tables of trained models, and per model its success
/// relative to its estimate on queries where two other models disagreed.
/// </summary>
/// <param name="AgreeRight">P(the two replies state one answer | both right).</param>
/// <param name="AgreeWrong">P(one answer | both wrong).</param>
/// <param name="AgreeSplit">P(one answer | one right, one wrong).</param>
/// <param name="Correlation">The correlation of the two successes left once their estimates are known.</param>
/// <param name="EscalationLift">Observed over estimated successes of the model where two others disagreed.</param>
/// <param name="Observed">The recorded outcomes of cascades through each pair, as counted.</param>
internal sealed record PairTable(float[] AgreeRight, float[] AgreeWrong, float[] AgreeSplit, float[] Correlation, float[] EscalationLift, CascadeRates Observed);

/// <summary>The pair rates among one request's pool (pool indices); models training did not know take the mean rates.</summary>
internal sealed class PairView
{
    private readonly PairTable _table;
    private readonly int _models;
    private readonly IReadOnlyList<int> _trained;
    private readonly double[] _mean;
    private readonly IReadOnlyList<int[]>? _standIns;

    /// <param name="table">The rates of the request's task, or over all tasks.</param>
    /// <param name="models">How many trained models the table covers.</param>
    /// <param name="trained">Per pool model, its index among the trained models, or -1.</param>
    /// <param name="standIns">Per pool model, the trained models whose counted rates it reads as; null when the table
    /// is not of the request's own task: counted rates are read only then, since rates pooled over tasks say little
    /// about one query.</param>
    public PairView(PairTable table, int models, IReadOnlyList<int> trained, IReadOnlyList<int[]>? standIns)
    {
        _table = table;
        _models = models;
        _trained = trained;
        _standIns = standIns;
        _mean = trained.Contains(-1) ? Means(table, models) : [];
    }

    public double AgreeRight(int i, int j) => Rate(_table.AgreeRight, i, j, 0);

    public double AgreeWrong(int i, int j) => Rate(_table.AgreeWrong, i, j, 1);

    public double AgreeSplit(int i, int j) => Rate(_table.AgreeSplit, i, j, 2);

    public double Correlation(int i, int j) => Rate(_table.Correlation, i, j, 3);

    /// <summary>Whether counted rates are read: the table is of the request's own task.</summary>
    public bool HasCounts => _standIns is not null;

    /// <summary>The counted cascade rates of pool models <paramref name="i"/> and <paramref name="j"/> on the request's task, or null without counts for them.</summary>
    public ObservedPair? Observed(int i, int j) =>
        _standIns is not null && _standIns[i].Length > 0 && _standIns[j].Length > 0 ? new ObservedPair(_table.Observed, _models, i, j, _standIns) : null;

    /// <summary>The counted success rate of pool model <paramref name="i"/> on the request's task, or null without counts for it.</summary>
    public double? ObservedRight(int i) => Counted(i, _table.Observed.Right);

    /// <summary>
    /// The counted success rate of pool model <paramref name="i"/> on the request's task among its replies that did or
    /// did not state a readable answer, or null without counts for it or when it gave no reply of that kind there.
    /// </summary>
    public double? ObservedRight(int i, bool parsed)
    {
        var o = _table.Observed;
        if (Counted(i, o.Right) is not double right || Counted(i, o.Parsed) is not double answered || Counted(i, o.ParsedRight) is not double answeredRight)
        {
            return null;
        }

        double of = parsed ? answered : 1 - answered;
        return of <= 1e-9 ? null : Share(parsed ? answeredRight : right - answeredRight, of);
    }

    private double? Counted(int i, float[] rates)
    {
        if (_standIns is null || _standIns[i].Length == 0)
        {
            return null;
        }

        double sum = 0;
        foreach (int m in _standIns[i])
        {
            sum += rates[m];
        }

        return sum / _standIns[i].Length;
    }

    private static double Share(double mass, double of) => of <= 1e-9 ? 0 : Math.Clamp(mass / of, 0, 1);

    public double EscalationLift(int i) => _trained[i] is int m and >= 0 ? _table.EscalationLift[m] : _mean.Length > 0 ? _mean[4] : 1;

    private double Rate(float[] rates, int i, int j, int mean)
    {
        int a = _trained[i], b = _trained[j];
        return a >= 0 && b >= 0 ? rates[(a * _models) + b] : _mean[mean];
    }

    private static double[] Means(PairTable table, int n)
    {
        var mean = new double[5];
        int pairs = 0;
        for (int a = 0; a < n; a++)
        {
            for (int b = a + 1; b < n; b++)
            {
                int k = (a * n) + b;
                mean[0] += table.AgreeRight[k];
                mean[1] += table.AgreeWrong[k];
                mean[2] += table.AgreeSplit[k];
                mean[3] += table.Correlation[k];
                pairs++;
            }
        }

        // With fewer than two trained models there is no pair: agreement rates of one half, no correlation, no lift.
        double[] none = [0.5, 0.5, 0.5, 0, 1];
        for (int i = 0; i < 4; i++)
        {
            mean[i] = pairs == 0 ? none[i] : mean[i] / pairs;
        }

        mean[4] = n == 0 ? none[4] : table.EscalationLift.Average(v => (double)v);
        return mean;
    }
}

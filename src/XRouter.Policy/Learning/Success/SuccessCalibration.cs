namespace XRouter.Policy.Learning.Success;

/// <summary>
/// Platt scaling of the success model per model and task: <c>P' = sigmoid(a * logit(P) + b)</c>, fitted on
/// out-of-fold estimates. The shared text model ranks queries well but is not calibrated per task (it rates an
/// expensive model's edge on code far above what the recorded outcomes show), and the policy's expected rewards and
/// pair outlooks are only as good as the probabilities they multiply.
/// </summary>
internal sealed class SuccessCalibration
{
    /// <summary>The key of the scaling over all tasks.</summary>
    public const string AllTasks = "";

    private const int MinTaskQueries = 30;

    // Pulls (a, b) toward the identity (1, 0), so a small task cannot bend the estimates far.
    private const double Ridge = 2.0;

    private const double Clip = 1e-4;

    private SuccessCalibration(int models, IReadOnlyDictionary<string, float[]> scales)
    {
        Models = models;
        Scales = scales;
    }

    /// <summary>How many trained models it scales.</summary>
    public int Models { get; }

    /// <summary>Per task (<see cref="AllTasks"/> for all), (a, b) per model: [2 * model] = a, [2 * model + 1] = b.</summary>
    public IReadOnlyDictionary<string, float[]> Scales { get; }

    /// <summary>The identity scaling (estimates used as they are).</summary>
    public static SuccessCalibration Identity(int models)
    {
        var scale = new float[2 * models];
        for (int m = 0; m < models; m++)
        {
            scale[2 * m] = 1;
        }

        return new SuccessCalibration(models, new Dictionary<string, float[]>(StringComparer.Ordinal) { [AllTasks] = scale });
    }

    /// <summary>Creates a calibration from scales read from a policy file.</summary>
    public static SuccessCalibration FromScales(int models, IReadOnlyDictionary<string, float[]> scales)
    {
        if (!scales.ContainsKey(AllTasks))
        {
            throw new FormatException("the calibration has no scaling over all tasks");
        }

        foreach (var (task, scale) in scales)
        {
            if (scale.Length != 2 * models)
            {
                throw new FormatException($"the calibration of task '{task}' has {scale.Length} values for {models} models");
            }
        }

        return new SuccessCalibration(models, scales);
    }

    /// <summary>Fits the scaling on out-of-fold estimates <paramref name="p"/> [query][model] and recorded successes.</summary>
    public static SuccessCalibration Fit(IReadOnlyList<string?> tasks, IReadOnlyList<double[]> p, IReadOnlyList<bool[]> success)
    {
        int n = p.Count == 0 ? 0 : p[0].Length;
        var scales = new Dictionary<string, float[]>(StringComparer.Ordinal) { [AllTasks] = FitScale(Enumerable.Range(0, p.Count).ToList(), n, p, success) };
        foreach (var group in Enumerable.Range(0, p.Count).Where(q => tasks[q] is not null).GroupBy(q => tasks[q]!, StringComparer.Ordinal))
        {
            var queries = group.ToList();
            if (queries.Count >= MinTaskQueries)
            {
                scales[group.Key] = FitScale(queries, n, p, success);
            }
        }

        return new SuccessCalibration(n, scales);
    }

    /// <summary>Scales the estimates of the known models (in place) for <paramref name="task"/>.</summary>
    public void Apply(double[] p, string? task)
    {
        var scale = task is not null && Scales.TryGetValue(task, out var specific) ? specific : Scales[AllTasks];
        for (int m = 0; m < p.Length; m++)
        {
            p[m] = SuccessModel.Sigmoid((scale[2 * m] * Logit(p[m])) + scale[(2 * m) + 1]);
        }
    }

    private static float[] FitScale(List<int> queries, int n, IReadOnlyList<double[]> p, IReadOnlyList<bool[]> success)
    {
        var scale = new float[2 * n];
        for (int m = 0; m < n; m++)
        {
            // Newton's method on the ridge-penalized log loss of two parameters.
            double a = 1, b = 0;
            for (int iteration = 0; iteration < 50; iteration++)
            {
                double ga = Ridge * (a - 1), gb = Ridge * b, haa = Ridge, hab = 0, hbb = Ridge;
                foreach (int q in queries)
                {
                    double z = Logit(p[q][m]);
                    double s = SuccessModel.Sigmoid((a * z) + b);
                    double r = s - (success[q][m] ? 1 : 0);
                    double w = s * (1 - s);
                    ga += r * z;
                    gb += r;
                    haa += w * z * z;
                    hab += w * z;
                    hbb += w;
                }

                double det = (haa * hbb) - (hab * hab);
                double da = ((hbb * ga) - (hab * gb)) / det, db = ((haa * gb) - (hab * ga)) / det;

                // Damped: a full Newton step can overshoot where the logits barely vary within a task.
                double step = Math.Max(1, Math.Max(Math.Abs(da), Math.Abs(db)));
                da /= step;
                db /= step;
                a -= da;
                b -= db;
                if (Math.Abs(da) + Math.Abs(db) < 1e-9)
                {
                    break;
                }
            }

            scale[2 * m] = (float)a;
            scale[(2 * m) + 1] = (float)b;
        }

        return scale;
    }

    private static double Logit(double p)
    {
        double c = Math.Clamp(p, Clip, 1 - Clip);
        return Math.Log(c / (1 - c));
    }
}

namespace XRouter.Policy.Learning.Training;

/// <summary>Adam (gradient ascent) over a weight vector.</summary>
internal sealed class AdamOptimizer
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private readonly double[] _m;
    private readonly double[] _v;
    private readonly double _rate;
    private int _t;

    public AdamOptimizer(int size, double rate)
    {
        _m = new double[size];
        _v = new double[size];
        _rate = rate;
    }

    public void Ascend(float[] weights, ReadOnlySpan<double> gradient)
    {
        _t++;
        double c1 = 1 - Math.Pow(Beta1, _t);
        double c2 = 1 - Math.Pow(Beta2, _t);
        for (int i = 0; i < weights.Length; i++)
        {
            _m[i] = (Beta1 * _m[i]) + ((1 - Beta1) * gradient[i]);
            _v[i] = (Beta2 * _v[i]) + ((1 - Beta2) * gradient[i] * gradient[i]);
            weights[i] += (float)(_rate * (_m[i] / c1) / (Math.Sqrt(_v[i] / c2) + 1e-8));
        }
    }
}

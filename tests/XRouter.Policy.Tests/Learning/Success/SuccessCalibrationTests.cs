using XRouter.Policy.Learning.Success;

namespace XRouter.Policy.Tests.Learning.Success;

public sealed class SuccessCalibrationTests
{
    [Fact]
    public void Overconfident_estimates_of_a_task_are_scaled_to_the_success_rate_recorded_on_it()
    {
        // The model is estimated at 0.9 everywhere but succeeds on code one time in four and on math four in five.
        const int queries = 400;
        var tasks = Enumerable.Range(0, queries).Select(q => (string?)(q % 2 == 0 ? "code" : "math")).ToList();
        var p = Enumerable.Range(0, queries).Select(_ => new[] { 0.9 }).ToList();
        var success = Enumerable.Range(0, queries).Select(q => new[] { q % 2 == 1 ? q % 10 != 1 : q % 8 == 0 }).ToList();

        var calibration = SuccessCalibration.Fit(tasks, p, success);
        double[] code = [0.9], math = [0.9];
        calibration.Apply(code, "code");
        calibration.Apply(math, "math");

        Assert.InRange(code[0], 0.2, 0.3);
        Assert.InRange(math[0], 0.75, 0.85);
    }

    [Fact]
    public void The_identity_calibration_leaves_estimates_as_they_are()
    {
        double[] p = [0.1, 0.5, 0.97];

        SuccessCalibration.Identity(3).Apply(p, "any");

        Assert.Equal(0.1, p[0], 6);
        Assert.Equal(0.5, p[1], 6);
        Assert.Equal(0.97, p[2], 6);
    }
}

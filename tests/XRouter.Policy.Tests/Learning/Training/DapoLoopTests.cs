using XRouter.Policy.Learning.Training;

namespace XRouter.Policy.Tests.Learning.Training;

public sealed class DapoLoopTests
{
    [Fact]
    public void An_epoch_ahead_by_less_than_the_noise_of_the_validation_queries_does_not_replace_the_best()
    {
        // A 0.3-point mean gain made of large per-query swings either way.
        var best = Enumerable.Range(0, 300).Select(q => 0.5).ToArray();
        var epoch = Enumerable.Range(0, 300).Select(q => q % 2 == 0 ? 0.803 : 0.203).ToArray();

        Assert.False(DapoLoop.Improves(epoch, best));
    }

    [Fact]
    public void An_epoch_ahead_on_most_validation_queries_replaces_the_best()
    {
        var best = Enumerable.Range(0, 300).Select(q => 0.5).ToArray();
        var epoch = Enumerable.Range(0, 300).Select(q => q % 10 == 0 ? 0.45 : 0.51).ToArray();

        Assert.True(DapoLoop.Improves(epoch, best));
    }
}

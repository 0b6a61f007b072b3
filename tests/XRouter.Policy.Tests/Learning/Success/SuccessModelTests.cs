using XRouter.Policy.Learning.Features;
using XRouter.Policy.Learning.Success;

namespace XRouter.Policy.Tests.Learning.Success;

public sealed class SuccessModelTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    [InlineData(18)]
    public void Predict_is_the_logistic_of_bias_plus_shared_and_own_dot_products_to_the_bit(int models)
    {
        const int dimension = 300;
        var random = new Random(7);
        float Weight() => (float)((random.NextDouble() * 2) - 1);
        var shared = Enumerable.Range(0, dimension).Select(_ => Weight()).ToArray();
        var weights = Enumerable.Range(0, models).Select(_ => Enumerable.Range(0, dimension).Select(_ => Weight()).ToArray()).ToList();
        var biases = Enumerable.Range(0, models).Select(_ => Weight()).ToList();
        var model = new SuccessModel([.. Enumerable.Range(0, models).Select(m => $"m{m}")], shared, weights, biases);
        int[] indices = [.. Enumerable.Range(0, dimension).Where(_ => random.NextDouble() < 0.3)];
        var x = new SparseVector(indices, [.. indices.Select(_ => Weight())]);

        var p = model.Predict(x);

        var expected = Enumerable.Range(0, models).Select(m => SuccessModel.Sigmoid(biases[m] + x.Dot(shared) + x.Dot(weights[m])));
        Assert.Equal(expected, p);
    }
}

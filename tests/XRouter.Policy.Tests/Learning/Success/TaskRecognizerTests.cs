using XRouter.Policy.Learning.Features;
using XRouter.Policy.Learning.Success;

namespace XRouter.Policy.Tests.Learning.Success;

public sealed class TaskRecognizerTests
{
    private const int Dimension = 8;

    // Task "a" lives on features 0-1, task "b" on features 4-5; each query adds a little of feature 7.
    private static SparseVector Query(string task, int i) => task == "a"
        ? new SparseVector([0, 1, 7], [1f, 0.5f + (0.01f * (i % 10)), 0.1f])
        : new SparseVector([4, 5, 7], [1f, 0.5f + (0.01f * (i % 10)), 0.1f]);

    private static TaskRecognizer Fit(int perTask)
    {
        var features = Enumerable.Range(0, perTask).SelectMany(i => new[] { Query("a", i), Query("b", i) }).ToList();
        var tasks = Enumerable.Range(0, perTask).SelectMany(_ => new[] { "a", "b" }).ToList<string?>();
        return TaskRecognizer.Fit(features, tasks, Dimension);
    }

    [Fact]
    public void A_query_like_one_task_s_training_queries_is_recognized_as_that_task()
    {
        var recognizer = Fit(perTask: 40);

        Assert.Equal(("a", "b"), (recognizer.Recognize(Query("a", 3)), recognizer.Recognize(Query("b", 7))));
    }

    [Fact]
    public void A_query_unlike_every_task_stays_without_one()
    {
        var recognizer = Fit(perTask: 40);

        Assert.Null(recognizer.Recognize(new SparseVector([2, 3, 7], [1f, 1f, 0.1f])));
    }

    [Fact]
    public void A_task_with_fewer_than_30_training_queries_is_not_recognized()
    {
        var recognizer = Fit(perTask: 29);

        Assert.Empty(recognizer.Tasks);
        Assert.Null(recognizer.Recognize(Query("a", 3)));
    }
}

using XRouter.Policy.Evaluation.Baselines;

namespace XRouter.Policy.Tests.Evaluation;

public sealed class AnswerKeyTests
{
    [Theory]
    [InlineData("B", "B) wet palms")]
    [InlineData("(C)", "C. because")]
    [InlineData("```json\n{\"reasoning\": \"...\", \"answer\": \"42\"}\n```", "42.")]
    [InlineData("so \\boxed{7}", "7")]
    public void Replies_with_the_same_parsed_answer_agree(string first, string second)
    {
        Assert.Equal(AnswerKey.Of(first), AnswerKey.Of(second));
    }

    [Theory]
    [InlineData("A", "B")]
    [InlineData("def f(): return 1", "def f(): return 2")]
    public void Replies_with_different_answers_disagree(string first, string second)
    {
        Assert.NotEqual(AnswerKey.Of(first), AnswerKey.Of(second));
    }
}

using XRouter.Policy.Learning.Answers;

namespace XRouter.Policy.Tests.Learning;

public sealed class ReplyAnswerExtractorTests
{
    [Theory]
    [InlineData("""{"reasoning": "...", "answer": "12"}""", "12")]
    [InlineData(@"So the total is \boxed{\frac{1}{2}}.", @"\frac{1}{2}")]
    [InlineData("Let me think.\nThe answer is 1,250.", "1250")]
    [InlineData("Answer: B", "B")]
    [InlineData("B\n", "B")]
    [InlineData("(C) because the plant needs light", "C")]
    [InlineData("She has 3 apples, then buys 4, so 7", "7")]
    public void The_stated_answer_is_extracted_and_normalized(string reply, string expected)
    {
        Assert.Equal(expected, ReplyAnswerExtractor.Extract(reply));
    }

    [Theory]
    [InlineData("```python\ndef add(a, b):\n    return a + 2\n```")]
    [InlineData("I do not know.")]
    public void Code_and_free_text_have_no_comparable_answer(string reply)
    {
        Assert.Null(ReplyAnswerExtractor.Extract(reply));
    }

    [Fact]
    public void Replies_that_format_the_same_number_differently_agree()
    {
        Assert.Equal(ReplyAnswerExtractor.Extract("The answer is 42."), ReplyAnswerExtractor.Extract(@"\boxed{42.0}"));
    }
}

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
    [InlineData("[(4, 1), (2, 3)]", "[(4, 1), (2, 3)]")]
    [InlineData("""{"reasoning": "...", "answer": "[(4, 1), (2, 3)]"}""", "[(4, 1), (2, 3)]")]
    [InlineData("""{"answer": "say \"hi\""}""", "say \"hi\"")]
    [InlineData("""{"answer": 42}""", "42")]
    [InlineData("5 hours", "5")]
    [InlineData("$1,250", "1250")]
    [InlineData("'the cow goes moo#'", "the cow goes moo#")]
    [InlineData("\"If you want to live a happy life!\"", "If you want to live a happy life!")]
    [InlineData("''", "")]
    [InlineData("""{"answer": "''"}""", "")]
    public void The_stated_answer_is_extracted_and_normalized(string reply, string expected)
    {
        Assert.Equal(expected, ReplyAnswerExtractor.Extract(reply));
    }

    [Theory]
    [InlineData("```python\ndef add(a, b):\n    return a + 2\n```")]
    [InlineData("I do not know.")]
    [InlineData("   ")]
    [InlineData("I do")]
    public void Code_and_free_text_have_no_comparable_answer(string reply)
    {
        Assert.Null(ReplyAnswerExtractor.Extract(reply));
    }

    [Fact]
    public void Replies_that_format_the_same_number_differently_agree()
    {
        Assert.Equal(ReplyAnswerExtractor.Extract("The answer is 42."), ReplyAnswerExtractor.Extract(@"\boxed{42.0}"));
    }

    [Theory]
    [InlineData("'hbtofdeiequ'", "hbtofdeiequ")]
    [InlineData("25%", "25")]
    [InlineData("5 hours", """{"answer": "5"}""")]
    public void Bare_answers_worded_differently_agree(string first, string second)
    {
        string? answer = ReplyAnswerExtractor.Extract(first);

        Assert.NotNull(answer);
        Assert.Equal(answer, ReplyAnswerExtractor.Extract(second));
    }

    [Theory]
    [InlineData("[(4, 1), (2, 3)]", "[(4, 1), (4, 1), (2, 3)]")]
    [InlineData(@"\frac{1}{2}", @"\frac{3}{2}")]
    [InlineData("'Abc'", "'abc'")]
    [InlineData("'a  b'", "'a b'")]
    [InlineData("''", "' '")]
    [InlineData("""{"answer": "[1, 2]"}""", """{"answer": "[1, 3]"}""")]
    public void Different_literals_do_not_agree(string first, string second)
    {
        Assert.NotEqual(ReplyAnswerExtractor.Extract(first), ReplyAnswerExtractor.Extract(second));
    }
}

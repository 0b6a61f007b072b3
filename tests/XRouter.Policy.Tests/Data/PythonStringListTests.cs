using XRouter.Policy.Data;

namespace XRouter.Policy.Tests.Data;

public sealed class PythonStringListTests
{
    [Theory]
    [InlineData("""['a', "b"]""", new[] { "a", "b" })]
    [InlineData("""[ 'tab\there' ]""", new[] { "tab\there" })]
    [InlineData("""['\x41\u00e9\101']""", new[] { "AéA" })]
    [InlineData("""['keep \( unknown']""", new[] { "keep \\( unknown" })]
    [InlineData("[]", new string[0])]
    public void Parses_string_items_with_python_escapes(string text, string[] expected)
    {
        var items = PythonStringList.TryParse(text);

        Assert.Equal(expected, items);
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("[1, 2]")]
    [InlineData("['unterminated]")]
    [InlineData("['a'] trailing")]
    public void Returns_null_for_text_that_is_not_a_list_of_strings(string text)
    {
        Assert.Null(PythonStringList.TryParse(text));
    }
}

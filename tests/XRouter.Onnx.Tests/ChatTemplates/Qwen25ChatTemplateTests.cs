using System.Text.Json;
using Microsoft.Extensions.AI;
using XRouter.Onnx.ChatTemplates;

namespace XRouter.Onnx.Tests.ChatTemplates;

/// <summary>
/// Golden prompts written from the Jinja chat_template in ../shared/models/qwen2.5-tokenizer/tokenizer_config.json,
/// statement by statement (the same prompts were checked with jinja2 and a json.dumps tojson filter).
/// </summary>
public sealed class Qwen25ChatTemplateTests
{
    private const string ToolsHeader =
        "\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n" +
        "You are provided with function signatures within <tools></tools> XML tags:\n<tools>";

    private const string ToolsFooter =
        "\n</tools>\n\nFor each function call, return a json object with function name and arguments within " +
        "<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n";

    private const string WeatherToolJson =
        "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Current weather for a city.\", " +
        "\"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"c\", \"f\"]}}, \"required\": [\"city\"]}}}";

    // Without tools and without a system message, the template opens with its default system text.
    [Fact]
    public void NoToolsNoSystemUsesTheDefaultSystemText()
    {
        var prompt = Qwen25ChatTemplate.Render([new ChatMessage(ChatRole.User, "Hi")]);

        Assert.Equal(
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n" +
            "<|im_start|>user\nHi<|im_end|>\n" +
            "<|im_start|>assistant\n",
            prompt);
    }

    // A leading system message replaces the default and is not repeated by the message loop.
    [Fact]
    public void CustomSystemReplacesTheDefaultAndIsWrittenOnce()
    {
        var prompt = Qwen25ChatTemplate.Render(
        [
            new ChatMessage(ChatRole.System, "Be brief."),
            new ChatMessage(ChatRole.User, "2+2?"),
            new ChatMessage(ChatRole.Assistant, "4"),
            new ChatMessage(ChatRole.User, "3+3?"),
        ]);

        Assert.Equal(
            "<|im_start|>system\nBe brief.<|im_end|>\n" +
            "<|im_start|>user\n2+2?<|im_end|>\n" +
            "<|im_start|>assistant\n4<|im_end|>\n" +
            "<|im_start|>user\n3+3?<|im_end|>\n" +
            "<|im_start|>assistant\n",
            prompt);
    }

    // Tools: the system turn gains the # Tools block (tool | tojson), an assistant call without text opens
    // with "<|im_start|>assistant" directly followed by "\n<tool_call>", and a tool result becomes a user turn.
    [Fact]
    public void ToolsCallAndResponse()
    {
        var prompt = Qwen25ChatTemplate.Render(
            [
                new ChatMessage(ChatRole.User, "Weather in Paris?"),
                new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
                new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", "{\"temp\": 21}")]),
            ],
            [WeatherTool()]);

        Assert.Equal(
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant." + ToolsHeader +
            "\n" + WeatherToolJson + ToolsFooter +
            "<|im_start|>user\nWeather in Paris?<|im_end|>\n" +
            "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call><|im_end|>\n" +
            "<|im_start|>user\n<tool_response>\n{\"temp\": 21}\n</tool_response><|im_end|>\n" +
            "<|im_start|>assistant\n",
            prompt);
    }

    // Several calls: text before the calls, one block per call, non-ASCII kept and quotes/newlines escaped as
    // json.dumps does, and consecutive tool results merged into one user turn.
    [Fact]
    public void SeveralCallsAndMergedToolResponses()
    {
        var prompt = Qwen25ChatTemplate.Render(
            [
                new ChatMessage(ChatRole.System, "You route queries."),
                new ChatMessage(ChatRole.User, "Weather in Zürich and 東京?"),
                new ChatMessage(ChatRole.Assistant,
                [
                    new TextContent("Checking both."),
                    new FunctionCallContent("a", "get_weather", new Dictionary<string, object?> { ["city"] = "Zürich", ["unit"] = "c" }),
                    new FunctionCallContent("b", "get_weather", new Dictionary<string, object?> { ["city"] = "東京", ["note"] = "say \"hi\"\n" }),
                ]),
                new ChatMessage(ChatRole.Tool, [new FunctionResultContent("a", "{\"temp\": 21}"), new FunctionResultContent("b", "sunny")]),
                new ChatMessage(ChatRole.Assistant, "Zürich 21, 東京 sunny."),
                new ChatMessage(ChatRole.User, "Thanks"),
            ],
            [WeatherTool()]);

        Assert.Equal(SeveralCallsGolden, prompt);
    }

    // The same conversation in OpenAI chat JSON (arguments once as a JSON string, once as an object).
    [Fact]
    public void OpenAIChatJsonRendersTheSameSeveralCallsPrompt()
    {
        const string messages = """
            [{"role":"system","content":"You route queries."},
             {"role":"user","content":"Weather in Zürich and 東京?"},
             {"role":"assistant","content":"Checking both.","tool_calls":[
               {"id":"a","type":"function","function":{"name":"get_weather","arguments":"{\"city\": \"Zürich\", \"unit\": \"c\"}"}},
               {"id":"b","type":"function","function":{"name":"get_weather","arguments":{"city":"東京","note":"say \"hi\"\n"}}}]},
             {"role":"tool","tool_call_id":"a","content":"{\"temp\": 21}"},
             {"role":"tool","tool_call_id":"b","content":"sunny"},
             {"role":"assistant","content":"Zürich 21, 東京 sunny."},
             {"role":"user","content":"Thanks"}]
            """;
        string tools = "[" + WeatherToolSource + "]";

        var prompt = Qwen25ChatTemplate.RenderOpenAIChat(messages, tools);

        Assert.Equal(SeveralCallsGolden, prompt);
    }

    [Fact]
    public void UnknownRoleIsAnErrorThatNamesIt()
    {
        var error = Assert.Throws<ArgumentException>(() => Qwen25ChatTemplate.RenderOpenAIChat("""[{"role":"developer","content":"x"}]"""));

        Assert.Contains("developer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedPropertyInAMessageIsAnErrorThatNamesIt()
    {
        var error = Assert.Throws<JsonException>(() => Qwen25ChatTemplate.RenderOpenAIChat("""[{"role":"user","content":"a","content":"b"}]"""));

        Assert.Contains("'content'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedToolCallArgumentIsAnErrorThatNamesTheCall()
    {
        const string messages = """
            [{"role":"assistant","content":null,"tool_calls":[{"id":"a","type":"function","function":{"name":"get_weather","arguments":"{\"city\": \"Bern\", \"city\": \"Basel\"}"}}]}]
            """;

        var error = Assert.Throws<InvalidDataException>(() => Qwen25ChatTemplate.RenderOpenAIChat(messages));

        Assert.Contains("messages[0].tool_calls[0].function.arguments", error.Message, StringComparison.Ordinal);
        Assert.Contains("'city'", error.Message, StringComparison.Ordinal);
    }

    private const string WeatherToolSource =
        """{"type":"function","function":{"name":"get_weather","description":"Current weather for a city.","parameters":{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["c","f"]}},"required":["city"]}}}""";

    private static string SeveralCallsGolden =>
        "<|im_start|>system\nYou route queries." + ToolsHeader + "\n" + WeatherToolJson + ToolsFooter +
        "<|im_start|>user\nWeather in Zürich and 東京?<|im_end|>\n" +
        "<|im_start|>assistant\nChecking both." +
        "\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Zürich\", \"unit\": \"c\"}}\n</tool_call>" +
        "\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"東京\", \"note\": \"say \\\"hi\\\"\\n\"}}\n</tool_call><|im_end|>\n" +
        "<|im_start|>user\n<tool_response>\n{\"temp\": 21}\n</tool_response>\n<tool_response>\nsunny\n</tool_response><|im_end|>\n" +
        "<|im_start|>assistant\nZürich 21, 東京 sunny.<|im_end|>\n" +
        "<|im_start|>user\nThanks<|im_end|>\n" +
        "<|im_start|>assistant\n";

    private static AIFunctionDeclaration WeatherTool()
    {
        using var tool = JsonDocument.Parse(WeatherToolSource);
        var function = tool.RootElement.GetProperty("function");
        return AIFunctionFactory.CreateDeclaration("get_weather", "Current weather for a city.", function.GetProperty("parameters").Clone());
    }
}

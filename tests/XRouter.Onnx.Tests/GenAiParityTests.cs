using System.Text.Json;
using Microsoft.ML.OnnxRuntimeGenAI;
using XRouter.Onnx.ChatTemplates;
using XRouter.Onnx.Tokenization;
using XRouter.Testing;

namespace XRouter.Onnx.Tests;

/// <summary>
/// Our renderer and tokenizer against ONNX Runtime GenAI's on the same model folder: <c>ApplyChatTemplate</c>
/// runs the folder's Jinja template; <c>Encode</c> runs its tokenizer.json.
/// </summary>
public sealed class GenAiParityTests(GenAiTokenizerFixture fixture) : IClassFixture<GenAiTokenizerFixture>
{
    private const string WeatherTool = """
        {"type": "function", "function": {"name": "get_weather", "description": "Current weather for a city.",
         "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}}, "required": ["city"]}}}
        """;

    private const string CallTool = """
        {"type": "function", "function": {"name": "call_gpt_5_mini", "description": "Call gpt-5-mini model. Cost: $0.25/M input tokens, $2.00/M output tokens.",
         "parameters": {"type": "object", "properties": {"optimized_system_prompt": {"type": "string"}, "temperature": {"type": "number"}}, "required": ["optimized_system_prompt"]}}}
        """;

    private readonly Tokenizer _tokenizer = fixture.Tokenizer;
    private readonly string _template = fixture.ChatTemplate;

    public static TheoryData<string, string> ToolConversations => new()
    {
        { """[{"role": "user", "content": "Weather in Paris?"}]""", $"[{WeatherTool}]" },
        { """[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Weather in Paris?"}]""", $"[{WeatherTool}]" },
        { """[{"role": "system", "content": "Route."}, {"role": "user", "content": "2+2?"}]""", $"[{CallTool}, {WeatherTool}]" },
        { """
          [{"role": "system", "content": "Route."}, {"role": "user", "content": "2+2?"},
           {"role": "assistant", "content": "", "tool_calls": [{"type": "function", "function": {"name": "call_gpt_5_mini", "arguments": {"optimized_system_prompt": "Answer.", "temperature": 0.2}}}]},
           {"role": "tool", "content": "4"}]
          """, $"[{CallTool}]" },
        { """
          [{"role": "user", "content": "Weather in Paris and Rome?"},
           {"role": "assistant", "content": "Checking.", "tool_calls": [
             {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris"}}},
             {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Rome", "unit": "c"}}}]},
           {"role": "tool", "content": "18C"}, {"role": "tool", "content": "21C"},
           {"role": "assistant", "content": "Paris 18C, Rome 21C."}, {"role": "user", "content": "Thanks, and Oslo?"}]
          """, $"[{WeatherTool}]" },
        { """[{"role": "user", "content": "Grüße, 東京 — ¿qué tal? \"quoted\" \\ back"}]""", $"[{WeatherTool}]" },
    };

    [SharedAssetsTheory]
    [MemberData(nameof(ToolConversations))]
    public void TheRendererEqualsApplyChatTemplateForToolConversations(string messages, string tools)
    {
        string expected = _tokenizer.ApplyChatTemplate(_template, messages, tools, add_generation_prompt: true);

        string rendered = Qwen25ChatTemplate.RenderOpenAIChat(messages, tools);

        Assert.Equal(expected, rendered);
    }

    [SharedAssetsTheory]
    [InlineData("<|im_start|>system\nYou are XRouter.<|im_end|>\n<|im_start|>user\nWhat is 17 * 23?<|im_end|>\n<|im_start|>assistant\n")]
    [InlineData("<tool_call>\n{\"name\": \"call_gpt_5_mini\", \"arguments\": {\"optimized_system_prompt\": \"Answer.\"}}\n</tool_call>")]
    [InlineData("Numbers 12345 and 3.14159, code `x += 1;`   spaced\ttabs\r\nlines")]
    [InlineData("東京 Grüße ¿qué tal? emoji 🙂 and don't we'll they're")]
    public void OurTokenizerGivesGenAisIdsOnTextThatNeedsNoNormalization(string text)
    {
        var ours = ByteLevelBpeTokenizer.Load(ModelFixtures.QwenTinyGenAi);
        using var expected = _tokenizer.Encode(text);

        var ids = ours.Encode(text);

        Assert.Equal(expected[0].ToArray(), ids);
    }

    // The one known difference: arguments given as a JSON string. The Jinja template writes the string as a JSON
    // string literal; the renderer writes the object it encodes, as the model saw tool calls in training.
    [SharedAssetsFact]
    public void ArgumentsGivenAsAJsonStringAreRenderedAsTheObjectNotAsAStringLiteral()
    {
        const string messages = """
            [{"role": "user", "content": "W?"},
             {"role": "assistant", "content": "", "tool_calls": [{"type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}}]}]
            """;

        string template = _tokenizer.ApplyChatTemplate(_template, messages, string.Empty, add_generation_prompt: true);
        string rendered = Qwen25ChatTemplate.RenderOpenAIChat(messages);

        Assert.Contains("\"arguments\": \"{\\\"city\\\": \\\"Paris\\\"}\"}", template, StringComparison.Ordinal);
        Assert.Contains("\"arguments\": {\"city\": \"Paris\"}}", rendered, StringComparison.Ordinal);
    }

    // The fixture's tokenizer.json has no normalizer, so GenAI encodes a decomposed "e" + combining accent as is;
    // ours applies NFC first, as the Qwen2 tokenizer.json of Hugging Face checkpoints does.
    [SharedAssetsFact]
    public void OnTextThatNeedsNfcOurTokenizerEncodesTheComposedForm()
    {
        var ours = ByteLevelBpeTokenizer.Load(ModelFixtures.QwenTinyGenAi);
        using var decomposed = _tokenizer.Encode("Cafe\u0301");
        using var composed = _tokenizer.Encode("Caf\u00e9");

        var ids = ours.Encode("Cafe\u0301");

        Assert.NotEqual(decomposed[0].ToArray(), ids);
        Assert.Equal(composed[0].ToArray(), ids);
    }
}

/// <summary>GenAI's tokenizer of the Qwen2 fixture and its chat template, loaded once for the parity tests.</summary>
public sealed class GenAiTokenizerFixture : IDisposable
{
    private readonly Model? _model;

    public GenAiTokenizerFixture()
    {
        if (SharedAssets.Root is null)
        {
            return;
        }

        _model = new Model(ModelFixtures.QwenTinyGenAi);
        Tokenizer = new Tokenizer(_model);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(ModelFixtures.QwenTinyGenAi, "tokenizer_config.json")));
        ChatTemplate = config.RootElement.GetProperty("chat_template").GetString()!;
    }

    public Tokenizer Tokenizer { get; } = null!;

    public string ChatTemplate { get; } = string.Empty;

    public void Dispose()
    {
        Tokenizer?.Dispose();
        _model?.Dispose();
    }
}

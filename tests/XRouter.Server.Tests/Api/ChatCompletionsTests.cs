using System.ClientModel;
using System.Globalization;
using System.Text.Json.Nodes;
using OpenAI.Chat;
using XRouter.Server.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.Server.Tests.Api;

/// <summary>The chat completions endpoint driven by the official OpenAI .NET client over real loopback HTTP.</summary>
public sealed class ChatCompletionsTests
{
    // The loopback router: turn 1 (250 in, 20 out) calls m-cheap (11 in, 3 out); turn 2 (300 in, 12 out) selects it.
    private const int RoutedInput = 250 + 11 + 300;
    private const int RoutedOutput = 20 + 3 + 12;

    [Fact]
    public async Task Xrouter_returns_the_selected_reply_with_the_ledger_usage()
    {
        await using var server = await ServerHarness.StartAsync();
        var chat = server.OpenAI().GetChatClient("xrouter");

        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("What is 2+2?")]);

        Assert.Equal("cheap answer", completion.Content[0].Text);
        Assert.Equal(RoutedInput, completion.Usage.InputTokenCount);
        Assert.Equal(RoutedOutput, completion.Usage.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
    }

    [Fact]
    public async Task Streamed_xrouter_final_chunk_carries_the_ledger_usage()
    {
        await using var server = await ServerHarness.StartAsync();
        var chat = server.OpenAI().GetChatClient("xrouter");
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;

        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("What is 2+2?")]))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
            usage = update.Usage ?? usage;
        }

        Assert.Equal("cheap answer", text.ToString());
        Assert.NotNull(usage);
        Assert.Equal(RoutedInput, usage.InputTokenCount);
        Assert.Equal(RoutedOutput, usage.OutputTokenCount);
    }

    [Fact]
    public async Task Pool_model_id_goes_straight_to_that_model_with_the_clients_sampling_options()
    {
        await using var server = await ServerHarness.StartAsync();
        var chat = server.OpenAI().GetChatClient(ServerHarness.Strong);
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 7, Temperature = 0.25f, StopSequences = { "END" } };

        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("Say hi")], options);

        Assert.Equal("strong answer", completion.Content[0].Text);
        var sent = Assert.Single(server.Upstream.Received).Body!;
        Assert.Equal(ServerHarness.Strong, sent["model"]!.GetValue<string>());
        Assert.Equal(7, (sent["max_completion_tokens"] ?? sent["max_tokens"])!.GetValue<int>());
        Assert.Equal(0.25, sent["temperature"]!.GetValue<double>(), 3);
        Assert.Equal("END", sent["stop"]!.AsArray().Single()!.GetValue<string>());
        Assert.Equal(13, completion.Usage.InputTokenCount);
        Assert.Equal(5, completion.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task Client_tool_call_comes_back_to_the_client_and_its_result_is_routed_in_the_next_request()
    {
        await using var server = await ServerHarness.StartAsync();
        server.Upstream.Script(ServerHarness.Cheap, request => request.Messages.Any(m => m.Role == "tool")
            ? new ScriptedReply("It is sunny in Paris.", 40, 6)
            : new ScriptedReply(string.Empty, 30, 9) { ToolCalls = [new ScriptedToolCall("tc-1", "get_weather", """{"city":"Paris"}""")] });
        var chat = server.OpenAI().GetChatClient(ServerHarness.Cheap);
        var options = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool("get_weather", "Weather of a city.", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")) },
        };
        List<ChatMessage> messages = [new UserChatMessage("Weather in Paris?")];

        ChatCompletion first = await chat.CompleteChatAsync(messages, options);
        var call = Assert.Single(first.ToolCalls);
        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "sunny, 21 C"));
        ChatCompletion second = await chat.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Paris", JsonNode.Parse(call.FunctionArguments.ToString())!["city"]!.GetValue<string>());
        Assert.Equal("It is sunny in Paris.", second.Content[0].Text);
        var received = server.Upstream.ReceivedFor(ServerHarness.Cheap);
        Assert.Equal("get_weather", received[0].Body!["tools"]![0]!["function"]!["name"]!.GetValue<string>());
        Assert.Contains(received[1].Messages, m => m.Role == "tool" && m.Content == "sunny, 21 C");
    }

    [Fact]
    public async Task Routed_client_tool_call_comes_back_to_the_client_unexecuted_and_its_result_is_routed_in_the_next_request()
    {
        await using var server = await ServerHarness.StartAsync();
        server.Upstream.Script(ServerHarness.Router, request => request.Messages.Any(m => m.Role == "tool" && m.Content == "cheap answer")
            ? new ScriptedReply(string.Empty, 300, 12) { ToolCalls = [new ScriptedToolCall("sel-1", "select_response", """{"model_call_name":"call_m_cheap"}""")] }
            : request.Messages.Any(m => m.Role == "tool" && m.Content == "sunny, 21 C")
                ? new ScriptedReply(string.Empty, 250, 20) { ToolCalls = [new ScriptedToolCall("call-1", "call_m_cheap", """{"optimized_system_prompt":"Answer briefly."}""")] }
                : new ScriptedReply(string.Empty, 200, 10) { ToolCalls = [new ScriptedToolCall("tc-1", "get_weather", """{"city":"Paris"}""")] });
        var chat = server.OpenAI().GetChatClient("xrouter");
        var options = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool("get_weather", "Weather of a city.", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")) },
        };

        List<ChatMessage> messages = [new UserChatMessage("Weather in Paris?")];

        ChatCompletion first = await chat.CompleteChatAsync(messages, options);
        var call = Assert.Single(first.ToolCalls);
        bool ranDownstreamBeforeResult = server.Upstream.ReceivedFor(ServerHarness.Cheap).Count > 0;
        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "sunny, 21 C"));
        ChatCompletion second = await chat.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        Assert.Equal(("get_weather", "Paris"), (call.FunctionName, JsonNode.Parse(call.FunctionArguments.ToString())!["city"]!.GetValue<string>()));
        Assert.False(ranDownstreamBeforeResult, "the client's tool call must come back before any model is called");
        Assert.Equal("cheap answer", second.Content[0].Text);
    }

    [Fact]
    public async Task Routed_max_tokens_reaches_the_downstream_request()
    {
        await using var server = await ServerHarness.StartAsync();
        var chat = server.OpenAI().GetChatClient("xrouter");

        await chat.CompleteChatAsync([new UserChatMessage("What is 2+2?")], new ChatCompletionOptions { MaxOutputTokenCount = 9 });

        Assert.Equal(9, Assert.Single(server.Upstream.ReceivedFor(ServerHarness.Cheap)).MaxTokens);
    }

    [Fact]
    public async Task Models_lists_the_router_and_its_pool()
    {
        await using var server = await ServerHarness.StartAsync();

        var models = await server.OpenAI().GetOpenAIModelClient().GetModelsAsync();

        Assert.Equal(["xrouter", ServerHarness.Cheap, ServerHarness.Strong], models.Value.Select(m => m.Id));
    }

    [Fact]
    public async Task Cost_header_equals_the_metadata_cost()
    {
        await using var server = await ServerHarness.StartAsync();
        var chat = server.OpenAI().GetChatClient("xrouter");

        ClientResult<ChatCompletion> result = await chat.CompleteChatAsync([new UserChatMessage("What is 2+2?")]);

        var raw = result.GetRawResponse();
        Assert.True(raw.Headers.TryGetValue("x-xrouter-cost-usd", out string? header));
        Assert.True(raw.Headers.TryGetValue("x-xrouter-overhead-ms", out string? overhead));
        double cost = JsonNode.Parse(raw.Content.ToString())!["xrouter"]!["cost_usd"]!.GetValue<double>();
        Assert.Equal(cost, double.Parse(header!, CultureInfo.InvariantCulture));
        Assert.True(double.Parse(overhead!, CultureInfo.InvariantCulture) >= 0);
    }
}

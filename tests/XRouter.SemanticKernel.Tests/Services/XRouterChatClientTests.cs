using System.ComponentModel;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.SemanticKernel.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.SemanticKernel.Tests.Services;

public sealed class XRouterChatClientTests
{
    [Fact]
    public async Task A_function_passed_in_ChatOptions_Tools_is_offered_under_its_own_name_and_called()
    {
        var cities = new List<string>();
        var tool = AIFunctionFactory.Create((string city) => { cities.Add(city); return "sunny"; }, "get_weather", "Today's weather in a city.");
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.CallWith("get_weather", new Dictionary<string, object?> { ["city"] = "Rome" }),
            ScriptedBackbone.Text("Sunny in Rome."));
        await using var harness = await RouterHarness.StartAsync(backbone);
        IChatClient client = harness.Router;

        var response = await client.GetResponseAsync("Weather in Rome?", new ChatOptions { Tools = [tool] });

        Assert.Equal(["Rome"], cities);
        Assert.Contains("get_weather", backbone.Seen[0].ToolNames);
        Assert.Contains("call_model_a", backbone.Seen[0].ToolNames);
        Assert.Contains("sunny", backbone.Seen[1].ToolResults);
        Assert.Equal("Sunny in Rome.", response.Text);
    }

    [Fact]
    public async Task A_tool_declared_without_an_implementation_is_offered_and_its_call_is_returned_to_the_caller()
    {
        var declared = AIFunctionFactory.CreateDeclaration("get_weather", "Today's weather in a city.", System.Text.Json.JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement);
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.CallWith("get_weather", new Dictionary<string, object?> { ["city"] = "Rome" }),
            ScriptedBackbone.Text("never asked"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        IChatClient client = harness.Router;

        var response = await client.GetResponseAsync("Weather in Rome?", new ChatOptions { Tools = [declared] });

        Assert.Contains("get_weather", backbone.Seen[0].ToolNames);
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<Microsoft.Extensions.AI.FunctionCallContent>());
        Assert.Equal(("get_weather", "Rome"), (call.Name, call.Arguments!["city"]?.ToString()));
        Assert.Single(backbone.Seen);
    }

    [Fact]
    public async Task The_callers_max_output_tokens_caps_every_downstream_call()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", "p")), ScriptedBackbone.Select("call_model_a"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-a", new ScriptedReply("short", 20, 5));
        IChatClient client = harness.Router;

        await client.GetResponseAsync("q", new ChatOptions { MaxOutputTokens = 64 });

        Assert.Equal(64, Assert.Single(harness.Server.ReceivedFor("model-a")).MaxTokens);
    }

    [Fact]
    public async Task Response_usage_is_the_sum_of_router_and_downstream_tokens()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", "p")), ScriptedBackbone.Select("call_model_a"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-a", new ScriptedReply("via IChatClient", 20, 5));
        IChatClient client = harness.Router;

        var response = await client.GetResponseAsync("q");

        Assert.Equal("via IChatClient", response.Text);
        Assert.Equal((2 * ScriptedBackbone.InputTokensPerTurn) + 20, response.Usage!.InputTokenCount);
        Assert.Equal((2 * ScriptedBackbone.OutputTokensPerTurn) + 5, response.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task A_streamed_response_ends_with_the_aggregated_usage()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", "p")), ScriptedBackbone.Select("call_model_a"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-a", new ScriptedReply("streamed", 20, 5));
        IChatClient client = harness.Router;

        var updates = await client.GetStreamingResponseAsync("q").ToListAsync();

        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal(((2 * ScriptedBackbone.InputTokensPerTurn) + 20, (2 * ScriptedBackbone.OutputTokensPerTurn) + 5), (usage.InputTokenCount, usage.OutputTokenCount));
        Assert.Equal("streamed", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task Temperature_output_cap_and_stop_sequences_reach_the_backbone()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Text("ok"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        IChatClient client = harness.Router;

        await client.GetResponseAsync("q", new ChatOptions { Temperature = 0.3f, MaxOutputTokens = 77, StopSequences = ["END"] });

        var seen = backbone.Seen[0].Options!;
        Assert.Equal((0.3f, 77), (seen.Temperature, seen.MaxOutputTokens));
        Assert.Equal(["END"], seen.StopSequences!);
        Assert.False(seen.AdditionalProperties?.ContainsKey("xrouter.request") == true, "the request's state must not reach the backbone");
    }

    [Fact]
    public async Task FunctionChoiceBehavior_None_keeps_the_app_plugin_from_running_while_the_model_tools_stay()
    {
        var weather = new WeatherPlugin();
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.CallWith("weather_get_forecast", new Dictionary<string, object?> { ["city"] = "Oslo" }),
            ScriptedBackbone.Text("No tools for that."));
        await using var harness = await RouterHarness.StartAsync(backbone, kernel: k => k.Plugins.AddFromObject(weather, "weather"));

        var reply = await harness.AskAsync("Weather in Oslo?", new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.None() });

        Assert.Empty(weather.Cities);
        Assert.DoesNotContain("weather_get_forecast", backbone.Seen[0].ToolNames);
        Assert.Contains("call_model_a", backbone.Seen[0].ToolNames);
        Assert.Equal("No tools for that.", reply.Content);
    }

    [Fact]
    public async Task With_auto_invocation_off_an_app_function_call_is_returned_to_the_caller_not_run()
    {
        var weather = new WeatherPlugin();
        var backbone = new ScriptedBackbone(ScriptedBackbone.CallWith("weather_get_forecast", new Dictionary<string, object?> { ["city"] = "Oslo" }));
        await using var harness = await RouterHarness.StartAsync(backbone, kernel: k => k.Plugins.AddFromObject(weather, "weather"));

        var reply = await harness.AskAsync("Weather in Oslo?", new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(autoInvoke: false) });

        Assert.Empty(weather.Cities);
        var call = Assert.Single(Microsoft.SemanticKernel.FunctionCallContent.GetFunctionCalls(reply));
        Assert.Equal(("get_forecast", "weather", "Oslo"), (call.FunctionName, call.PluginName, call.Arguments!["city"]?.ToString()));
        Assert.Single(backbone.Seen);
    }

    [Fact]
    public async Task FunctionChoiceBehavior_with_a_subset_offers_only_those_app_functions()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Text("ok"));
        await using var harness = await RouterHarness.StartAsync(backbone, kernel: k => k.Plugins.AddFromObject(new WeatherPlugin(), "weather"));
        var forecast = harness.Kernel.Plugins["weather"]["get_forecast"];

        await harness.AskAsync("q", new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto([forecast]) });

        Assert.Contains("weather_get_forecast", backbone.Seen[0].ToolNames);
        Assert.DoesNotContain("weather_get_alerts", backbone.Seen[0].ToolNames);
        Assert.Contains("select_response", backbone.Seen[0].ToolNames);
    }

    [Fact]
    public async Task The_app_system_message_reaches_a_downstream_model_when_the_router_writes_no_system_prompt()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.CallWith("call_model_a", new Dictionary<string, object?>()), ScriptedBackbone.Select("call_model_a"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-a", new ScriptedReply("Bonjour", 10, 2));
        var history = new ChatHistory("Always answer in French.");
        history.AddUserMessage("hi");

        await harness.Router.GetChatMessageContentAsync(history, kernel: harness.Kernel);

        Assert.Equal([("system", "Always answer in French."), ("user", "hi")], Assert.Single(harness.Server.Received).Messages);
    }

    private sealed class WeatherPlugin
    {
        public List<string> Cities { get; } = [];

        [KernelFunction("get_forecast")]
        [Description("Today's forecast for a city.")]
        public string GetForecast(string city)
        {
            Cities.Add(city);
            return "snow, -3 C";
        }

        [KernelFunction("get_alerts")]
        [Description("Weather alerts for a city.")]
        public string GetAlerts(string city) => "none";
    }
}

using System.ComponentModel;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.SemanticKernel.Settings;
using XRouter.SemanticKernel.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.SemanticKernel.Tests.Services;

public sealed class XRouterChatCompletionServiceTests
{
    private const double RouterTurnCost = (ScriptedBackbone.InputTokensPerTurn * 0.10 + ScriptedBackbone.OutputTokensPerTurn * 0.40) / 1e6;

    [Fact]
    public async Task Direct_answer_calls_no_model_and_costs_only_router_tokens()
    {
        await using var harness = await RouterHarness.StartAsync(new ScriptedBackbone(ScriptedBackbone.Text("Hello! How can I help?")));

        var reply = await harness.AskAsync("hi");

        Assert.Equal("Hello! How can I help?", reply.Content);
        Assert.Equal("direct", reply.Mode());
        Assert.Empty(harness.Server.Received);
        Assert.Equal(RouterTurnCost, reply.Cost(), 1e-12);
        Assert.Equal(RouterTurnCost, reply.RouterCost(), 1e-12);
        Assert.Equal(1, reply.Turns());
    }

    [Fact]
    public async Task Synthesize_runs_two_calls_of_one_turn_concurrently_then_returns_router_text()
    {
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.Call(("call_model_a", "Solve carefully."), ("call_model_b_mini", "Answer briefly.")),
            ScriptedBackbone.Text("Both agree: 42."));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-a", new ScriptedReply("42 (a)", 120, 30) { Delay = TimeSpan.FromMilliseconds(400) });
        harness.Server.Script("model-b.mini", new ScriptedReply("42 (b)", 110, 8) { Delay = TimeSpan.FromMilliseconds(400) });

        var reply = await harness.AskAsync("What is 6*7?");

        Assert.Equal("Both agree: 42.", reply.Content);
        Assert.Equal("synthesize", reply.Mode());
        var a = Assert.Single(harness.Server.ReceivedFor("model-a"));
        var b = Assert.Single(harness.Server.ReceivedFor("model-b.mini"));
        Assert.True(a.Overlaps(b), "the two downstream calls of one turn must be in flight at the same time on the server");
        Assert.Contains("42 (a)", backbone.Seen[1].ToolResults);
        Assert.Contains("42 (b)", backbone.Seen[1].ToolResults);
    }

    [Fact]
    public async Task Downstream_model_receives_exactly_the_router_system_prompt_and_the_user_query()
    {
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.CallWith("call_model_a", new Dictionary<string, object?> { ["optimized_system_prompt"] = "You are a precise mathematician.", ["temperature"] = 0.2 }),
            ScriptedBackbone.Text("done"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-a", new ScriptedReply("4", 10, 1));

        await harness.AskAsync("2+2?");

        var request = Assert.Single(harness.Server.Received);
        Assert.Equal([("system", "You are a precise mathematician."), ("user", "2+2?")], request.Messages);
        Assert.Equal(0.2, request.Temperature!.Value, 1e-6);
    }

    [Fact]
    public async Task Select_returns_the_reply_verbatim_without_another_router_generation()
    {
        const string verbatim = "  The answer is **42**.\n(model a)  ";
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.Call(("call_model_a", "Answer.")),
            ScriptedBackbone.Select("call_model_a"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-a", new ScriptedReply(verbatim, 100, 20));

        var reply = await harness.AskAsync("question");

        Assert.Equal(verbatim, reply.Content);
        Assert.Equal("select", reply.Mode());
        Assert.Equal(2, backbone.Seen.Count);
        Assert.Equal(AuthorRole.Assistant, reply.Role);
    }

    [Fact]
    public async Task Cost_is_exact_per_call_from_usage_and_catalog_prices()
    {
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.Call(("call_model_a", "p"), ("call_model_b_mini", "p")),
            ScriptedBackbone.Select("call_model_b_mini"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-a", new ScriptedReply("a", 1234, 567));
        harness.Server.Script("model-b.mini", new ScriptedReply("b", 2345, 678));

        var reply = await harness.AskAsync("q");

        double costA = (1234 * 1.25 + 567 * 10.0) / 1e6;
        double costB = (2345 * 0.05 + 678 * 0.40) / 1e6;
        Assert.Equal(costA + costB, reply.DownstreamCost(), 1e-9);
        Assert.Equal(2 * RouterTurnCost, reply.RouterCost(), 1e-9);
        Assert.Equal(costA + costB + 2 * RouterTurnCost, reply.Cost(), 1e-9);
        var callA = Assert.Single(reply.DownstreamCalls(), c => (string)c["model"]! == "model-a");
        Assert.Equal((1234L, 567L, "succeeded"), ((long)callA["input_tokens"]!, (long)callA["output_tokens"]!, (string)callA["status"]!));
        Assert.Equal(costA, (double)callA["cost_usd"]!, 1e-9);
    }

    [Fact]
    public async Task Application_plugin_is_callable_beside_the_model_tools_in_the_same_loop()
    {
        var weather = new WeatherPlugin();
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.CallWith("weather_get_forecast", new Dictionary<string, object?> { ["city"] = "Oslo" }),
            ScriptedBackbone.Text("It snows in Oslo."));
        await using var harness = await RouterHarness.StartAsync(backbone, kernel: k => k.Plugins.AddFromObject(weather, "weather"));

        var reply = await harness.AskAsync("Weather in Oslo?");

        Assert.Equal(["Oslo"], weather.Cities);
        Assert.Contains("snow, -3 C", backbone.Seen[1].ToolResults);
        Assert.Contains("weather_get_forecast", backbone.Seen[0].ToolNames);
        Assert.Equal("It snows in Oslo.", reply.Content);
    }

    [Fact]
    public async Task Backbone_sees_the_trained_tool_names_not_the_plugin_qualified_ones()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Text("ok"));
        await using var harness = await RouterHarness.StartAsync(backbone);

        await harness.AskAsync("hi");

        Assert.Equal(["call_model_a", "call_model_b_mini", "select_response"], backbone.Seen[0].ToolNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_application_system_message_is_folded_into_the_router_system_prompt()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Text("ok"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        var history = new ChatHistory("Always answer in French.");
        history.AddUserMessage("hi");

        await harness.Router.GetChatMessageContentAsync(history, kernel: harness.Kernel);

        var system = Assert.Single(backbone.Seen[0].Messages, m => m.Role == Microsoft.Extensions.AI.ChatRole.System);
        Assert.StartsWith("You are XRouter", system.Text, StringComparison.Ordinal);
        Assert.EndsWith("Always answer in French.", system.Text, StringComparison.Ordinal);
        Assert.Equal(Microsoft.Extensions.AI.ChatRole.User, backbone.Seen[0].Messages[^1].Role);
    }

    [Fact]
    public async Task Unknown_tool_gives_the_router_an_error_result_and_the_loop_goes_on()
    {
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.Call(("call_gpt_9", "p")),
            ScriptedBackbone.Text("recovered"));
        await using var harness = await RouterHarness.StartAsync(backbone);

        var reply = await harness.AskAsync("q");

        Assert.Equal("recovered", reply.Content);
        var error = Assert.Single(backbone.Seen[1].ToolResults);
        Assert.Contains("call_gpt_9", error, StringComparison.Ordinal);
        Assert.Contains("not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Select_of_a_model_not_yet_called_is_an_error_result_and_the_loop_goes_on()
    {
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.Select("call_model_a"),
            ScriptedBackbone.Text("answered myself"));
        await using var harness = await RouterHarness.StartAsync(backbone);

        var reply = await harness.AskAsync("q");

        Assert.Equal("answered myself", reply.Content);
        Assert.Equal("direct", reply.Mode());
        Assert.Contains("'call_model_a' has not replied", Assert.Single(backbone.Seen[1].ToolResults), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allowed_models_naming_an_unknown_model_is_a_clear_error()
    {
        await using var harness = await RouterHarness.StartAsync(new ScriptedBackbone(ScriptedBackbone.Text("x")));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.AskAsync("q", new XRouterPromptExecutionSettings { AllowedModels = ["gpt-9"] }));

        Assert.Contains("'gpt-9'", error.Message, StringComparison.Ordinal);
        Assert.Contains("model-a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allowed_models_limits_the_tools_the_router_sees()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Text("x"));
        await using var harness = await RouterHarness.StartAsync(backbone);

        await harness.AskAsync("q", new XRouterPromptExecutionSettings { AllowedModels = ["model-b.mini"] });

        Assert.Equal(["call_model_b_mini", "select_response"], backbone.Seen[0].ToolNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Turn_cap_ends_with_the_last_downstream_reply()
    {
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.Call(("call_model_b_mini", "p")),
            ScriptedBackbone.Call(("call_model_a", "p")));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-b.mini", new ScriptedReply("cheap reply", 10, 2));
        harness.Server.Script("model-a", new ScriptedReply("strong reply", 10, 2));

        var reply = await harness.AskAsync("q", new XRouterPromptExecutionSettings { MaxTurns = 2 });

        Assert.Equal("strong reply", reply.Content);
        Assert.Equal(2, backbone.Seen.Count);
        Assert.Equal(2, reply.Turns());
        Assert.Equal(true, reply.Metadata!["xrouter.turn_limit_reached"]);
    }

    [Fact]
    public async Task Turn_cap_without_any_reply_fails_clearly()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_gpt_9", "p")));
        await using var harness = await RouterHarness.StartAsync(backbone);

        var error = await Assert.ThrowsAsync<XRouterException>(() => harness.AskAsync("q", new XRouterPromptExecutionSettings { MaxTurns = 1 }));

        Assert.Contains("all 1 turns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Downstream_http_error_is_recorded_and_told_to_the_router()
    {
        var backbone = new ScriptedBackbone(
            ScriptedBackbone.Call(("call_model_a", "p")),
            ScriptedBackbone.Text("fallback answer"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-a", new ScriptedReply("", 0, 0) { StatusCode = 429 });

        var reply = await harness.AskAsync("q");

        Assert.Equal("fallback answer", reply.Content);
        var call = Assert.Single(reply.DownstreamCalls());
        Assert.Equal(("failed", 0.0), ((string)call["status"]!, (double)call["cost_usd"]!));
        Assert.Contains("HTTP 429", Assert.Single(backbone.Seen[1].ToolResults), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Downstream_reply_without_usage_is_an_error_by_default()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", "p")), ScriptedBackbone.Text("x"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-a", new ScriptedReply("unpriced", 0, 0) { OmitUsage = true });

        var reply = await harness.AskAsync("q");

        Assert.Equal("failed", (string)Assert.Single(reply.DownstreamCalls())["status"]!);
        Assert.Contains("no token usage", Assert.Single(backbone.Seen[1].ToolResults), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Downstream_reply_without_usage_is_estimated_and_flagged_when_switched_on()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", "p")), ScriptedBackbone.Select("call_model_a"));
        await using var harness = await RouterHarness.StartAsync(backbone, o => o.EstimateMissingUsage = true);
        harness.Server.Script("model-a", new ScriptedReply("twelve chars", 0, 0) { OmitUsage = true });

        var reply = await harness.AskAsync("q");

        var call = Assert.Single(reply.DownstreamCalls());
        Assert.Equal((true, 3L), ((bool)call["usage_estimated"]!, (long)call["output_tokens"]!));
        Assert.Equal("twelve chars", reply.Content);
    }

    [Fact]
    public async Task IChatClient_path_routes_the_same_way()
    {
        var backbone = new ScriptedBackbone(ScriptedBackbone.Call(("call_model_a", "p")), ScriptedBackbone.Select("call_model_a"));
        await using var harness = await RouterHarness.StartAsync(backbone);
        harness.Server.Script("model-a", new ScriptedReply("via IChatClient", 10, 3));
        Microsoft.Extensions.AI.IChatClient client = harness.Router;

        var response = await Microsoft.Extensions.AI.ChatClientExtensions.GetResponseAsync(client, "q");

        Assert.Equal("via IChatClient", response.Text);
        Assert.Equal("select", response.AdditionalProperties!["xrouter.mode"]);
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
    }
}

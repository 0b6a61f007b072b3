using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using XRouter.SemanticKernel.Ledger;
using XRouter.Server.Api;
using XRouter.Server.Tests.TestSupport;
using XRouter.Testing;

namespace XRouter.Server.Tests.Ledger;

/// <summary>
/// Faults of the loopback pool model and a misbehaving router backbone, through xrouter serve: each request ends with
/// its documented outcome, and its durable ledger record holds exactly what the reply says it cost.
/// </summary>
public sealed class ServedFaultTests
{
    private const string Question = """{"model": "xrouter", "messages": [{"role": "user", "content": "What is 2+2?"}]}""";

    // Tight resilience settings so faults resolve in well under a second each.
    private static readonly Dictionary<string, string?> Resilience = new()
    {
        ["XRouterServer:Resilience:MaxRetries"] = "1",
        ["XRouterServer:Resilience:BaseDelay"] = "00:00:00.010",
        ["XRouterServer:Resilience:AttemptTimeout"] = "00:00:00.300",
        ["XRouterServer:Resilience:Deadline"] = "00:00:02",
    };

    public static TheoryData<string> DownstreamFaults => [.. UpstreamFaults.CallFailures];

    public static TheoryData<string> BackboneFaults => ["invalid-json", "unknown-tool", "endless"];

    [Theory]
    [MemberData(nameof(DownstreamFaults))]
    public async Task A_failing_pool_model_is_on_record_at_zero_cost_and_the_router_falls_back(string fault)
    {
        await using var server = await ServerHarness.StartAsync(Resilience);
        server.Upstream.Script(ServerHarness.Router, FallbackRouter);
        var responder = UpstreamFaults.Named(fault);
        server.Upstream.ScriptFaults(ServerHarness.Cheap, responder, responder);
        using var unobserved = new UnobservedTaskExceptions();

        using var response = await server.PostAsync(Question);

        var record = await RecordOf(server, response);
        Assert.Equal("strong answer", (await BodyOf(response))["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        var failed = Assert.Single(record.Calls, c => c.Model == ServerHarness.Cheap);
        Assert.Equal((CallStatus.Failed, 0.0), (failed.Status, failed.CostUsd));
        Assert.False(string.IsNullOrWhiteSpace(failed.Error));
        Assert.Equal(CallStatus.Succeeded, Assert.Single(record.Calls, c => c.Model == ServerHarness.Strong).Status);
        Assert.Equal(0, unobserved.Count);
    }

    [Theory]
    [MemberData(nameof(BackboneFaults))]
    public async Task A_misbehaving_router_still_ends_with_a_reply_and_every_turn_on_record(string fault)
    {
        await using var server = await ServerHarness.StartAsync();
        server.Upstream.Script(ServerHarness.Router, MisbehavingRouter(fault));
        using var unobserved = new UnobservedTaskExceptions();

        using var response = await server.PostAsync(Question);

        var record = await RecordOf(server, response);
        var body = await BodyOf(response);
        Assert.Equal("cheap answer", body["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal(server.Upstream.ReceivedFor(ServerHarness.Router).Count, record.Calls.Count(c => c.Kind == CallKind.Router));
        Assert.Equal(server.Upstream.ReceivedFor(ServerHarness.Cheap).Count, record.Calls.Count(c => c.Kind == CallKind.Downstream && c.Status == CallStatus.Succeeded));
        var turns = server.Upstream.ReceivedFor(ServerHarness.Router);
        switch (fault)
        {
            case "endless":
                Assert.Equal(3, turns.Count); // XRouter:MaxTurns
                break;
            case "invalid-json":
                // Not run with its arguments dropped: the router is told and asked again.
                Assert.StartsWith("Your last reply contained an invalid tool call: the arguments of call_m_cheap are not valid JSON", turns[1].Messages[^1].Content, StringComparison.Ordinal);
                Assert.Single(server.Upstream.ReceivedFor(ServerHarness.Cheap));
                break;
            default:
                Assert.Contains(turns[1].Messages, m => m.Role == "tool" && m.Content.StartsWith("Error", StringComparison.Ordinal));
                break;
        }

        Assert.Equal(0, unobserved.Count);
    }

    [Theory]
    [MemberData(nameof(BackboneFaults))]
    public async Task A_misbehaving_router_of_a_streamed_request_ends_the_stream_with_a_reply_on_record(string fault)
    {
        await using var server = await ServerHarness.StartAsync();
        server.Upstream.Script(ServerHarness.Router, MisbehavingRouter(fault));
        using var unobserved = new UnobservedTaskExceptions();

        using var response = await server.PostAsync(Question.Replace("\"model\": \"xrouter\",", "\"model\": \"xrouter\", \"stream\": true,", StringComparison.Ordinal));

        var (id, text, finished) = await StreamOf(response);
        Assert.True(finished, "the stream sent no finish chunk");
        Assert.Equal("cheap answer", text);
        var record = await server.Ledger.FindAsync(id);
        Assert.NotNull(record);
        Assert.Equal(server.Upstream.ReceivedFor(ServerHarness.Router).Count, record.Calls.Count(c => c.Kind == CallKind.Router));
        Assert.Equal(0, unobserved.Count);
    }

    /// <summary>The id, the whole text and whether a finish chunk came, of a streamed reply.</summary>
    private static async Task<(string Id, string Text, bool Finished)> StreamOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string id = string.Empty;
        var text = new System.Text.StringBuilder();
        bool finished = false;
        foreach (string line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal))
            {
                continue;
            }

            var chunk = JsonNode.Parse(line["data: ".Length..])!;
            id = chunk["id"]?.GetValue<string>() ?? id;
            text.Append(chunk["choices"]?[0]?["delta"]?["content"]?.GetValue<string>());
            finished |= chunk["choices"]?[0]?["finish_reason"] is JsonValue;
        }

        return (id, text.ToString(), finished);
    }

    /// <summary>The record of a served reply, checked against the cost the reply reported.</summary>
    private static async Task<XRouter.Reliability.Ledger.LedgerRequest> RecordOf(ServerHarness server, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await server.Ledger.FindAsync((await BodyOf(response))["id"]!.GetValue<string>());
        Assert.NotNull(record);
        double reported = double.Parse(response.Headers.GetValues(ChatCompletionsEndpoint.CostHeader).Single(), CultureInfo.InvariantCulture);
        Assert.Equal(reported, record.CostUsd, 12);
        return record;
    }

    private static async Task<JsonNode> BodyOf(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    private static ScriptedReply Call(string id, string tool, string arguments) =>
        new(string.Empty, 250, 20) { ToolCalls = [new ScriptedToolCall(id, tool, arguments)] };

    private static ScriptedReply Select(string id, string model) =>
        new(string.Empty, 300, 12) { ToolCalls = [new ScriptedToolCall(id, "select_response", $$"""{"model_call_name":"call_{{model.Replace('-', '_')}}"}""")] };

    /// <summary>Calls m-cheap; when its result is an error, calls m-strong; selects the model that answered.</summary>
    private static ScriptedReply FallbackRouter(ReceivedRequest request)
    {
        var results = request.Messages.Where(m => m.Role == "tool").Select(m => m.Content).ToList();
        return results.Count switch
        {
            0 => Call("c0", "call_m_cheap", """{"optimized_system_prompt":"Answer briefly."}"""),
            1 when results[0].StartsWith("Error", StringComparison.Ordinal) => Call("c1", "call_m_strong", """{"optimized_system_prompt":"Answer briefly."}"""),
            1 => Select("s1", ServerHarness.Cheap),
            _ => Select("s2", ServerHarness.Strong),
        };
    }

    /// <summary>Turn 1 misbehaves as <paramref name="fault"/> says (arguments that are not JSON, a tool not offered), then the router calls m-cheap and selects it; "endless" calls m-cheap every turn.</summary>
    private static Func<ReceivedRequest, ScriptedReply> MisbehavingRouter(string fault) => request =>
    {
        var results = request.Messages.Where(m => m.Role == "tool").Select(m => m.Content).ToList();
        string id = "c" + results.Count.ToString(CultureInfo.InvariantCulture);
        var callCheap = Call(id, "call_m_cheap", """{"optimized_system_prompt":"Answer briefly."}""");
        return (fault, results.Count) switch
        {
            ("endless", _) => callCheap,
            ("invalid-json", 0) when !request.Messages.Any(m => m.Role == "user" && m.Content.Contains("invalid tool call", StringComparison.Ordinal)) => Call(id, "call_m_cheap", """{"optimized_system_prompt": "Answer"""),
            ("unknown-tool", 0) => Call(id, "call_gpt_9", """{"optimized_system_prompt":"Answer briefly."}"""),
            _ when results.Any(r => r.Contains("cheap answer", StringComparison.Ordinal)) => Select(id, ServerHarness.Cheap),
            _ => callCheap,
        };
    };
}

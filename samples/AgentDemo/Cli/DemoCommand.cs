using System.CommandLine;
using AgentDemo.Data;
using Microsoft.Extensions.Configuration;

namespace AgentDemo.Cli;

/// <summary>The demo's command line.</summary>
internal static class DemoCommand
{
    /// <summary>Parses <paramref name="args"/> and runs the demo; help and parse errors go to the same writers.</summary>
    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, TextReader input, IConfiguration? configuration = null) =>
        Create(output, error, input, configuration).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

    private static RootCommand Create(TextWriter output, TextWriter error, TextReader input, IConfiguration? configuration = null)
    {
        var lambda = new Option<double>("--lambda")
        {
            Description = "Cost penalty: reward points one US dollar costs (0 = accuracy only).",
            DefaultValueFactory = _ => DemoSettings.DefaultLambda,
        };
        var maxCost = new Option<double?>("--max-cost") { Description = "Hard cost limit per request in USD; calls that would exceed it are refused." };
        var data = new Option<string?>("--data")
        {
            Description = $"A routing log (.jsonl, RouterBench .csv) or a folder holding one, e.g. ../shared/data. Default: ${DemoData.DataEnvironmentVariable}, else the shipped data/routerbench-demo.",
        };
        var agent = new Option<string>("--agent")
        {
            Description = "af = Microsoft Agent Framework ChatClientAgent, sk = Semantic Kernel Kernel + ChatHistory.",
            DefaultValueFactory = _ => "af",
        };
        agent.AcceptOnlyFromAmong("af", "sk");
        var interactive = new Option<bool>("--interactive") { Description = "Type your own queries (offline: only queries recorded in the log)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON document (per-query mode, models, cost_usd, correct; summary; sweep)." };
        var live = new Option<bool>("--live") { Description = "Call real endpoints from configuration (OPENAI_API_KEY, or XRouter:Models:<id>:Endpoint and keys)." };
        var localRouter = new Option<string?>("--local-router") { Description = "Route with a local ONNX router model folder (GenAI layout) instead of the learned policy." };
        var command = new RootCommand("XRouter demo: an agent whose brain routes each query to the cheapest model likely to get it right.")
        {
            lambda, maxCost, data, agent, interactive, json, live, localRouter,
        };
        lambda.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is var value && (value < 0 || !double.IsFinite(value)))
            {
                r.AddError("--lambda must be a finite number of zero or more.");
            }
        });
        maxCost.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is double value && (value <= 0 || !double.IsFinite(value)))
            {
                r.AddError("--max-cost must be a positive amount of USD.");
            }
        });
        command.SetAction((parse, cancellationToken) => DemoApp.RunAsync(
            new DemoSettings
            {
                Lambda = parse.GetValue(lambda),
                MaxCostUsd = parse.GetValue(maxCost),
                DataPath = parse.GetValue(data),
                Agent = parse.GetValue(agent) == "sk" ? AgentKind.SemanticKernel : AgentKind.AgentFramework,
                Interactive = parse.GetValue(interactive),
                Json = parse.GetValue(json),
                Live = parse.GetValue(live),
                LocalRouter = parse.GetValue(localRouter),
            },
            output,
            error,
            input,
            configuration,
            cancellationToken));
        return command;
    }
}

using AgentDemo.Agents;
using AgentDemo.Cli;
using AgentDemo.Data;
using AgentDemo.Interactive;
using AgentDemo.Output;
using AgentDemo.Routing;
using AgentDemo.Run;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Spectre.Console;
using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.SemanticKernel;

namespace AgentDemo;

/// <summary>One run of the demo: load the log, compose XRouter, let the agent ask, report.</summary>
internal static class DemoApp
{
    /// <summary>Runs the demo; returns the process exit code (1 with a clear message on bad input).</summary>
    /// <param name="settings">The command line.</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="error">Where errors go.</param>
    /// <param name="input">Where interactive queries come from.</param>
    /// <param name="configuration">Endpoints for <c>--live</c>; null reads appsettings.json and the environment.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<int> RunAsync(
        DemoSettings settings, TextWriter output, TextWriter error, TextReader input, IConfiguration? configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = output == Console.Out && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            Interactive = output == Console.Out && !Console.IsOutputRedirected ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!console.Profile.Capabilities.Interactive)
        {
            // Redirected output has no terminal width; keep the tables' rows on one line each.
            console.Profile.Width = 160;
        }

        try
        {
            configuration ??= new ConfigurationBuilder()
                .SetBasePath(AppContext.BaseDirectory)
                .AddJsonFile("appsettings.json", optional: true)
                .AddEnvironmentVariables()
                .Build();
            var data = await DemoData.LoadAsync(settings.DataPath, cancellationToken);
            var policy = DemoPolicy.Create();
            using var services = DemoXRouter.Build(data, settings, policy, configuration);
            var agent = DemoAgents.Create(settings.Agent, services);
            var knobs = new RoutingKnobs(settings.Lambda, settings.MaxCostUsd);
            if (settings.Interactive)
            {
                await InteractiveSession.RunAsync(agent, data, knobs, settings.Live, console, input, cancellationToken);
                return 0;
            }

            bool byPolicy = DemoXRouter.RoutesWithPolicy(settings, configuration);
            string router = byPolicy ? policy.Name : settings.LocalRouter is string folder ? $"local ONNX router ({folder})" : "configured backbone";
            var queries = await AskAllAsync(agent, data.Log, knobs, settings, console, cancellationToken);
            var baselines = settings.Live ? null : SingleModelBaseline.All(data.Log, data.Catalog);
            var sweep = byPolicy && !settings.Live
                ? await LambdaSweep.RunAsync(policy, data.Log, data.Catalog, LambdaSweep.Grid(settings.Lambda), cancellationToken)
                : [];
            var report = new DemoReport(
                data.Source,
                data.Excluded,
                agent.Name,
                router,
                settings.Lambda,
                settings.MaxCostUsd,
                queries,
                baselines is { Count: > 0 } ? SingleModelBaseline.Strongest(baselines) : null,
                baselines is { Count: > 0 } ? SingleModelBaseline.Cheapest(baselines) : null,
                sweep);
            if (settings.Json)
            {
                await output.WriteLineAsync(JsonReport.Serialize(report));
            }
            else
            {
                ConsoleReport.Write(console, report);
            }

            return 0;
        }
        catch (Exception e) when (e is RoutingDataException or CatalogException or XRouterException or OptionsValidationException or XRouter.Policy.Evaluation.EvaluationException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    // Live, the recorded grades do not apply to the new answers, so nothing is graded.
    private static async Task<IReadOnlyList<QueryOutcome>> AskAllAsync(
        IDemoAgent agent, IReadOnlyList<RoutingLogEntry> log, RoutingKnobs knobs, DemoSettings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (settings.Json || !console.Profile.Capabilities.Interactive)
        {
            return await ReplayRun.RunAsync(agent, log, knobs, grade: !settings.Live, progress: null, cancellationToken);
        }

        IReadOnlyList<QueryOutcome> outcomes = [];
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"routing {log.Count} queries", maxValue: log.Count);
                int right = 0;
                double cost = 0;
                outcomes = await ReplayRun.RunAsync(agent, log, knobs, grade: !settings.Live, outcome =>
                {
                    right += outcome.Correct == true ? 1 : 0;
                    cost += outcome.CostUsd;
                    task.Description = $"routing: {task.Value + 1:0}/{log.Count}, {right} right, ${cost:0.0000}";
                    task.Increment(1);
                }, cancellationToken);
            });
        return outcomes;
    }
}

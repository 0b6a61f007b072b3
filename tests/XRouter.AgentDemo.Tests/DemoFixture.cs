using AgentDemo;
using AgentDemo.Cli;
using AgentDemo.Data;
using Microsoft.Extensions.Configuration;
using XRouter.Policy.Data;
using XRouter.Policy.Evaluation;
using XRouter.Policy.Routing;

namespace XRouter.AgentDemo.Tests;

/// <summary>Runs the demo in-process as its command line does, and the fast replay path to compare against.</summary>
internal static class DemoFixture
{
    public static readonly IConfiguration NoConfiguration = new ConfigurationBuilder().Build();

    public static Task<DemoData> ShippedDataAsync() => DemoData.LoadAsync(DemoData.ShippedFolder, CancellationToken.None);

    public static async Task<(int Code, string Output, string Error)> RunWithAsync(string input, IConfiguration? configuration, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = new StringReader(input);
        int code = await DemoCommand.InvokeAsync(args, output, error, reader, configuration ?? NoConfiguration);
        return (code, output.ToString(), error.ToString());
    }

    public static Task<(int Code, string Output, string Error)> RunAsync(params string[] args) =>
        RunWithAsync(string.Empty, null, ["--data", DemoData.ShippedFolder, .. args]);

    /// <summary>What the fast path (no agent, no SK loop) decides and charges for each query of the log.</summary>
    public static async Task<IReadOnlyList<QueryResult>> FastPathAsync(IRoutingPolicy policy, DemoData data, double lambda)
    {
        var logged = data.Log.SelectMany(e => e.Outcomes.Keys).ToHashSet(StringComparer.Ordinal);
        var runner = new ReplayPolicyRunner(EvaluationPool.FromCatalog([.. data.Catalog.Models.Select(c => c.Id).Where(logged.Contains)], data.Catalog));
        var results = new List<QueryResult>();
        foreach (RoutingLogEntry entry in data.Log)
        {
            results.Add(await runner.RunAsync(entry, policy, lambda, CancellationToken.None));
        }

        return results;
    }

    public static DemoSettings Offline(AgentKind agent) => new() { Agent = agent };
}

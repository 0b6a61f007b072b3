using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.Policy.Data;
using XRouter.Policy.Replay;
using XRouter.SemanticKernel.Services;

namespace XRouter.Cli.Commands;

/// <summary>
/// <c>xrouter route</c>: one request through the local router (an ONNX Runtime GenAI model folder) and SK's
/// loop, with the downstream models answered from a routing log (the replay fleet) or by the endpoints of a
/// configuration file; prints the decision, every priced call and the cost.
/// </summary>
internal static class RouteCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("QUERY") { Description = "The user query to route." };
        var model = new Option<DirectoryInfo>("--model") { Description = "The router's ONNX Runtime GenAI model folder.", Required = true };
        var catalog = new Option<FileInfo?>("--catalog") { Description = "The catalog JSON (prices per 1M tokens); it must price the router too. Optional with --config if that sets XRouter:CatalogPath." };
        var replay = new Option<FileInfo?>("--replay") { Description = "A routing log (JSONL): its models answer with their recorded replies." };
        var config = new Option<FileInfo?>("--config") { Description = "A JSON configuration with an XRouter section (XRouter:Models endpoints and so on)." };
        var routerId = new Option<string?>("--router-id") { Description = "The router's catalog id; the model folder's name by default." };
        var profile = new Option<string>("--profile") { Description = "The router protocol: default or xrouter (the published one).", DefaultValueFactory = _ => "default" };
        var constrain = new Option<bool>("--constrain") { Description = "Constrain the router's tool calls with a grammar of the advertised tools." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "The most tokens per router turn.", DefaultValueFactory = _ => 512 };
        var threads = new Option<int?>("--threads") { Description = "ONNX Runtime intra-op threads." };
        var json = new Option<bool>("--json") { Description = "Print the routing metadata and the answer as one JSON object." };
        var command = new Command("route", "Route one query through the local router and print the decision, the calls and the cost.")
        {
            query, model, catalog, replay, config, routerId, profile, constrain, maxTokens, threads, json,
        };
        command.SetAction(parse => CommandFailure.RunAsync(async () =>
        {
            var folder = parse.GetValue(model)!;
            if ((parse.GetValue(replay) is null) == (parse.GetValue(config) is null))
            {
                throw new ArgumentException("give exactly one of --replay (a routing log answers) and --config (configured endpoints answer).");
            }

            var settings = new Dictionary<string, string?>
            {
                ["XRouter:RouterModelId"] = parse.GetValue(routerId) ?? folder.Name,
                ["XRouter:Profile"] = parse.GetValue(profile),
                ["XRouter:OnnxBackbone:ModelPath"] = folder.FullName,
                ["XRouter:RouterMaxOutputTokens"] = parse.GetValue(maxTokens).ToString(CultureInfo.InvariantCulture),
                ["XRouter:OnnxBackbone:ConstrainToolCalls"] = parse.GetValue(constrain) ? "true" : "false",
                ["XRouter:OnnxBackbone:IntraOpThreads"] = parse.GetValue(threads)?.ToString(CultureInfo.InvariantCulture),
            };
            if (parse.GetValue(catalog) is FileInfo catalogFile)
            {
                settings["XRouter:CatalogPath"] = catalogFile.FullName;
            }

            var builder = Kernel.CreateBuilder();
            if (parse.GetValue(replay) is FileInfo log)
            {
                var fleet = new ReplayFleet(await RoutingLogJsonl.ReadAsync(log.FullName).ConfigureAwait(false));
                var priced = settings.TryGetValue("XRouter:CatalogPath", out string? path) ? Policy.Catalog.CatalogJson.Load(path!) : null;
                var models = fleet.Models.Where(id => priced?.TryGet(id, out _) ?? true).ToList();
                for (int i = 0; i < models.Count; i++)
                {
                    builder.Services.AddKeyedSingleton(models[i], fleet.CreateClient(models[i]));
                    settings[$"XRouter:Pool:{i}"] = models[i];
                }
            }

            var configuration = new ConfigurationBuilder();
            if (parse.GetValue(config) is FileInfo file)
            {
                configuration.AddJsonFile(file.FullName, optional: false);
            }

            builder.AddXRouter(configuration.AddInMemoryCollection(settings.Where(s => s.Value is not null)).Build());
            var kernel = builder.Build();
            try
            {
                var history = new ChatHistory();
                history.AddUserMessage(parse.GetValue(query)!);
                var reply = await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history, kernel: kernel).ConfigureAwait(false);
                parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json) ? Json(reply) : Text(reply));
                return 0;
            }
            finally
            {
                (kernel.Services as IDisposable)?.Dispose();
            }
        }));
        return command;
    }

    private static string Text(ChatMessageContent reply)
    {
        var metadata = reply.Metadata!;
        var calls = (IEnumerable<IReadOnlyDictionary<string, object?>>)metadata[XRouterChatCompletionService.CallsKey]!;
        string? selected = (string?)metadata["xrouter.selected_model"];
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"decision: {metadata[XRouterChatCompletionService.ModeKey]}{(selected is null ? string.Empty : $" ({selected})")}, {metadata[XRouterChatCompletionService.TurnsKey]} router turns"),
            "calls:",
        };
        lines.AddRange(calls.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"  {c["kind"],-10} {c["model"],-32} {c["input_tokens"],7} in {c["output_tokens"],6} out  ${(double)c["cost_usd"]!:0.000000}  {c["status"]}{(c["error"] is string error ? ": " + error : string.Empty)}")));
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"cost: ${(double)metadata[XRouterChatCompletionService.CostKey]!:0.000000} (router ${(double)metadata[XRouterChatCompletionService.RouterCostKey]!:0.000000}, downstream ${(double)metadata[XRouterChatCompletionService.DownstreamCostKey]!:0.000000})"));
        lines.Add("answer:");
        lines.Add(reply.Content ?? string.Empty);
        return string.Join(Environment.NewLine, lines);
    }

    private static string Json(ChatMessageContent reply) => JsonSerializer.Serialize(new Dictionary<string, object?>(reply.Metadata!)
    {
        ["answer"] = reply.Content,
    });
}

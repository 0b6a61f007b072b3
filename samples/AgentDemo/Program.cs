// AgentDemo: an SK app that routes its questions through XRouter.
//
// With no endpoints configured it runs offline on its embedded default: the downstream models are replay
// clients answering from data/routing-log.jsonl (an illustrative log written for this demo), and the router
// is a cascade policy (two cheap models; escalate to gpt-5 when they disagree) driving SK's real
// function-calling loop. Configure XRouter:Backbone and XRouter:Models (see README) to use real endpoints.
using AgentDemo;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using XRouter.Policy.Catalog;
using XRouter.Policy.Data;
using XRouter.Policy.Evaluation.Baselines;
using XRouter.Policy.Replay;
using XRouter.Policy.Routing;
using XRouter.SemanticKernel.Services;
using XRouter.SemanticKernel.Settings;

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.SetBasePath(AppContext.BaseDirectory).AddJsonFile("appsettings.json", optional: false);
string baseDir = AppContext.BaseDirectory;
var catalogPath = Path.Combine(baseDir, builder.Configuration["XRouter:CatalogPath"]!);
builder.Configuration["XRouter:CatalogPath"] = catalogPath;
bool offline = builder.Configuration.GetSection("XRouter:Backbone").Value is null
    && !builder.Configuration.GetSection("XRouter:Backbone").GetChildren().Any();

Func<IServiceProvider, IChatClient>? backbone = null;
var log = await RoutingLogJsonl.ReadAsync(Path.Combine(baseDir, "data", "routing-log.jsonl"));
if (offline)
{
    var fleet = new ReplayFleet(log);
    foreach (var (model, client) in fleet.CreateClients())
    {
        builder.Services.AddKeyedSingleton(model, client);
    }

    var catalog = CatalogJson.Load(catalogPath);
    backbone = _ => new RoutingPolicyChatClient(new CascadePolicy("gpt-5-nano", "gpt-5-mini", "gpt-5"), catalog);
}

builder.Services.AddKernel().Plugins.AddFromType<UnitsPlugin>("units");
builder.Services.AddXRouter(builder.Configuration, backbone);
using var host = builder.Build();

var kernel = host.Services.GetRequiredService<Kernel>();
var chat = host.Services.GetRequiredService<IChatCompletionService>();
Console.WriteLine(offline
    ? "XRouter demo, offline: replayed models, cascade router (configure XRouter:Backbone to use real endpoints)."
    : "XRouter demo: configured endpoints.");

double total = 0;
foreach (var entry in log)
{
    var history = new ChatHistory("Answer briefly.");
    history.AddUserMessage(entry.Prompt);
    var reply = await chat.GetChatMessageContentAsync(history, new XRouterPromptExecutionSettings { CostPenalty = 1 }, kernel);
    var calls = (IEnumerable<IReadOnlyDictionary<string, object?>>)reply.Metadata![XRouterChatCompletionService.CallsKey]!;
    double cost = (double)reply.Metadata[XRouterChatCompletionService.CostKey]!;
    total += cost;
    Console.WriteLine();
    Console.WriteLine($"Q: {entry.Prompt}");
    Console.WriteLine($"A: {reply.Content}");
    Console.WriteLine($"   mode={reply.Metadata[XRouterChatCompletionService.ModeKey]} calls=[{string.Join(", ", calls.Where(c => (string)c["kind"]! == "downstream").Select(c => c["model"]))}] cost=${cost:0.000000}");
}

var strongest = CatalogJson.Load(catalogPath).Get("gpt-5");
double strongestAlone = log.Sum(e => e.Outcomes.TryGetValue(strongest.Id, out var o) && o is { InputTokens: long i, OutputTokens: long t }
    ? strongest.CostOf(new TokenUsage(i, t))
    : 0);
Console.WriteLine();
Console.WriteLine($"Total cost of {log.Count} questions: ${total:0.000000} (gpt-5 alone: ${strongestAlone:0.000000})");

var budgeted = new ChatHistory();
budgeted.AddUserMessage(log[0].Prompt);
try
{
    var reply = await chat.GetChatMessageContentAsync(budgeted, new XRouterPromptExecutionSettings { MaxCostUsd = 0.000001 }, kernel);
    Console.WriteLine($"With max_cost_usd=$0.000001: {reply.Content}");
}
catch (XRouter.SemanticKernel.XRouterException e)
{
    Console.WriteLine($"With max_cost_usd=$0.000001 the budget guard refused every call, so the request failed: {e.Message}");
}

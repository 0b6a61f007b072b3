using System.Text.Json;
using XRouter.Cli.Commands;
using XRouter.Policy.Catalog;
using XRouter.Testing;

namespace XRouter.Cli.Tests.Commands;

/// <summary><c>xrouter route</c> with the random-weight Qwen2 fixture as the local router and the ZeroEval log as the replay fleet.</summary>
public sealed class RouteCommandTests
{
    [SharedAssetsFact]
    public async Task OneQueryIsRoutedAndItsRouterTokensArePriced()
    {
        string catalog = CatalogWithRouter(("qwen2-tiny-genai", 0.04, 0.10));

        var (exitCode, output) = await CommandRunner.RunAsync(
            RouteCommand.Create(), "route", "--model", SharedAssets.PathOf("models", "qwen2-tiny-genai"), "--catalog", catalog,
            "--replay", SharedAssets.PathOf("data", "zeroeval", "test.jsonl"), "--max-tokens", "6", "--threads", "1", "--json", "What is 17 * 23?");

        Assert.Equal(0, exitCode);
        using var result = JsonDocument.Parse(output);
        var router = Assert.Single(result.RootElement.GetProperty("xrouter.calls").EnumerateArray());
        Assert.Equal(("router", "qwen2-tiny-genai", 6), (router.GetProperty("kind").GetString(), router.GetProperty("model").GetString(), router.GetProperty("output_tokens").GetInt32()));
        Assert.True(router.GetProperty("input_tokens").GetInt32() > 1000);
        Assert.True(result.RootElement.GetProperty("xrouter.router_cost_usd").GetDouble() > 0);
        Assert.Equal("direct", result.RootElement.GetProperty("xrouter.mode").GetString());
    }

    [SharedAssetsFact]
    public async Task AnUnpricedRouterIsRefused()
    {
        string catalog = CatalogWithRouter();

        var (exitCode, _) = await CommandRunner.RunAsync(
            RouteCommand.Create(), "route", "--model", SharedAssets.PathOf("models", "qwen2-tiny-genai"), "--catalog", catalog,
            "--replay", SharedAssets.PathOf("data", "zeroeval", "test.jsonl"), "hello");

        Assert.Equal(1, exitCode);
    }

    private static string CatalogWithRouter(params (string Id, double In, double Out)[] router)
    {
        var zeroeval = CatalogJson.Load(SharedAssets.PathOf("data", "zeroeval", "catalog.json"));
        string path = Path.Combine(Path.GetTempPath(), $"xrouter-route-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, CatalogJson.Serialize(new ModelCatalog([
            .. router.Select(r => new ModelCard { Id = r.Id, InputPerMTok = r.In, OutputPerMTok = r.Out }),
            .. zeroeval.Models])));
        return path;
    }
}

using System.CommandLine;
using System.Globalization;
using XRouter.Policy.Catalog;

namespace XRouter.Cli.Commands;

/// <summary><c>xrouter catalog</c>: import, check and show model catalogs.</summary>
internal static class CatalogCommand
{
    public static Command Create() => new("catalog", "Import, check and show model catalogs (USD per 1M tokens).")
    {
        CreateImport(),
        CreateShow(),
    };

    private static Command CreateImport()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A LiteLLM price map (model_prices_and_context_window.json)." };
        var models = new Option<string>("--models") { Description = "Comma-separated keys of the price map to import.", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Write the catalog here instead of standard output." };
        var command = new Command("import", "Read models from a LiteLLM price-map JSON file into XRouter's catalog format.") { file, models, output };
        command.SetAction(parse => CommandFailure.RunAsync(async () =>
        {
            var source = parse.GetValue(file)!;
            string json = await File.ReadAllTextAsync(source.FullName).ConfigureAwait(false);
            var ids = parse.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            string catalog = CatalogJson.Serialize(LiteLlmPriceMap.Import(json, ids));
            if (parse.GetValue(output) is FileInfo target)
            {
                await File.WriteAllTextAsync(target.FullName, catalog + Environment.NewLine).ConfigureAwait(false);
                await Console.Error.WriteLineAsync($"wrote {ids.Length} models to {target.FullName}").ConfigureAwait(false);
            }
            else
            {
                Console.WriteLine(catalog);
            }

            return 0;
        }));
        return command;
    }

    private static Command CreateShow()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A catalog JSON file." };
        var command = new Command("show", "Validate a catalog and print its models and prices.") { file };
        command.SetAction(parse => CommandFailure.RunAsync(() =>
        {
            var catalog = CatalogJson.Load(parse.GetValue(file)!.FullName);
            Console.WriteLine($"{"model",-44} {"tier",-12} {"in $/1M",10} {"out $/1M",10} {"context",9}");
            foreach (var card in catalog.Models)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{card.Id,-44} {card.Tier.ToString().ToLowerInvariant(),-12} {card.InputPerMTok,10:0.####} {card.OutputPerMTok,10:0.####} {card.ContextWindow?.ToString(CultureInfo.InvariantCulture) ?? "-",9}"));
            }

            return 0;
        }));
        return command;
    }
}

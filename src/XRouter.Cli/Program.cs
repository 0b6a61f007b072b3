using System.CommandLine;
using XRouter.Cli.Commands;

var root = new RootCommand("xrouter: cost-aware LLM routing for Semantic Kernel.")
{
    CatalogCommand.Create(),
    ImportCommand.Create(),
    EvalCommand.Create(),
    TrainCommand.Create(),
    GenerateCommand.Create(),
    TokenizeCommand.Create(),
    TemplateCommand.Create(),
    ServeCommand.Create(),
};

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);

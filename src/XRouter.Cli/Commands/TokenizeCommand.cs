using System.CommandLine;
using XRouter.Onnx.Tokenization;

namespace XRouter.Cli.Commands;

/// <summary><c>xrouter tokenize</c>: print the token ids of a text.</summary>
internal static class TokenizeCommand
{
    public static Command Create()
    {
        var tokenizer = new Option<DirectoryInfo>("--tokenizer") { Description = "A tokenizer folder: tokenizer.json, or vocab.json + merges.txt, with tokenizer_config.json.", Required = true };
        var text = new Option<string>("--text") { Description = "The text to encode; added tokens such as <|im_start|> become single ids.", Required = true };
        var command = new Command("tokenize", "Print the token ids of a text, comma-separated (the format `xrouter generate --ids` reads).") { tokenizer, text };
        command.SetAction(parse => CommandFailure.RunAsync(() =>
        {
            var ids = ByteLevelBpeTokenizer.Load(parse.GetValue(tokenizer)!.FullName).Encode(parse.GetValue(text)!);
            parse.InvocationConfiguration.Output.WriteLine(string.Join(',', ids));
            return 0;
        }));
        return command;
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using XRouter.Policy.Onnx;
using XRouter.Policy.Tokenization;

namespace XRouter.Cli.Commands;

/// <summary><c>xrouter generate</c>: greedy or sampled generation from an ONNX Runtime GenAI model folder.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo>("--model") { Description = "An ONNX Runtime GenAI model folder (genai_config.json + decoder).", Required = true };
        var prompt = new Option<string?>("--prompt") { Description = "Raw prompt text, encoded with the folder's tokenizer (render chats with `xrouter template`)." };
        var ids = new Option<string?>("--ids") { Description = "Prompt token ids, comma-separated (for models without a tokenizer)." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "The most tokens to generate.", DefaultValueFactory = _ => 32 };
        var temperature = new Option<float>("--temperature") { Description = "0 (the default) is greedy." };
        var seed = new Option<int?>("--seed") { Description = "Sampler seed for reproducible sampling." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("generate", "Generate tokens with the KV-cache loop and print the ids, the text and the timing.")
        {
            model, prompt, ids, maxTokens, temperature, seed, json,
        };
        command.SetAction(parse => CommandFailure.RunAsync(() =>
        {
            string folder = parse.GetValue(model)!.FullName;
            var tokenizer = HasTokenizer(folder) ? ByteLevelBpeTokenizer.Load(folder) : null;
            int[] promptIds = PromptIds(parse.GetValue(prompt), parse.GetValue(ids), tokenizer);
            var options = new DecodingOptions { MaxNewTokens = parse.GetValue(maxTokens), Temperature = parse.GetValue(temperature), Seed = parse.GetValue(seed) };
            using var decoder = OnnxDecoderModel.Load(folder);
            using var generator = decoder.CreateGenerator();
            generator.Append(promptIds);
            var run = Run(generator, options, tokenizer);
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json) ? Json(promptIds, run) : Text(promptIds, run));
            return 0;
        }));
        return command;
    }

    private static bool HasTokenizer(string folder) =>
        File.Exists(Path.Combine(folder, "tokenizer.json")) || (File.Exists(Path.Combine(folder, "vocab.json")) && File.Exists(Path.Combine(folder, "merges.txt")));

    private static int[] PromptIds(string? prompt, string? ids, ByteLevelBpeTokenizer? tokenizer)
    {
        if ((prompt is null) == (ids is null))
        {
            throw new ArgumentException("give exactly one of --prompt and --ids.");
        }

        if (prompt is not null)
        {
            return tokenizer is null
                ? throw new ArgumentException("--prompt needs tokenizer files in the model folder; give --ids instead.")
                : [.. tokenizer.Encode(prompt)];
        }

        return [.. ids!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(id =>
            int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : throw new FormatException($"--ids: '{id}' is not an integer token id."))];
    }

    private static GenerationRun Run(DecoderGenerator generator, DecodingOptions options, ByteLevelBpeTokenizer? tokenizer)
    {
        var generated = new List<int>();
        var text = new System.Text.StringBuilder();
        DecodeFinishReason? finish = null;
        var clock = Stopwatch.StartNew();
        TimeSpan firstToken = TimeSpan.Zero;
        foreach (var token in generator.Generate(options, tokenizer?.CreateDetokenizer()))
        {
            firstToken = generated.Count == 0 ? clock.Elapsed : firstToken;
            generated.Add(token.TokenId);
            text.Append(token.Text);
            finish = token.FinishReason;
        }

        return new GenerationRun(generated, tokenizer is null ? null : text.ToString(), finish!.Value, firstToken, clock.Elapsed - firstToken);
    }

    private static string Text(int[] promptIds, GenerationRun run) => string.Join(Environment.NewLine,
    [
        $"prompt ids ({promptIds.Length}): {string.Join(',', promptIds)}",
        $"generated ids ({run.Ids.Count}): {string.Join(',', run.Ids)}",
        .. run.Text is null ? Array.Empty<string>() : [$"text: {run.Text}"],
        $"finish: {run.Finish}",
        string.Create(CultureInfo.InvariantCulture, $"prefill + first token: {run.Prefill.TotalMilliseconds:0.00} ms; decode: {run.Ids.Count - 1} tokens in {run.Decode.TotalMilliseconds:0.00} ms ({run.DecodeTokensPerSecond:0.0} tokens/s)"),
    ]);

    private static string Json(int[] promptIds, GenerationRun run) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["prompt_ids"] = promptIds,
        ["generated_ids"] = run.Ids,
        ["text"] = run.Text,
        ["finish_reason"] = run.Finish.ToString(),
        ["prefill_ms"] = Math.Round(run.Prefill.TotalMilliseconds, 3),
        ["decode_ms"] = Math.Round(run.Decode.TotalMilliseconds, 3),
        ["decode_tokens_per_second"] = Math.Round(run.DecodeTokensPerSecond, 1),
    });

    private sealed record GenerationRun(List<int> Ids, string? Text, DecodeFinishReason Finish, TimeSpan Prefill, TimeSpan Decode)
    {
        public double DecodeTokensPerSecond => Ids.Count > 1 && Decode > TimeSpan.Zero ? (Ids.Count - 1) / Decode.TotalSeconds : 0;
    }
}

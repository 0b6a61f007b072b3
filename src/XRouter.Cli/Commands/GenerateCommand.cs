using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using XRouter.Onnx;

namespace XRouter.Cli.Commands;

/// <summary><c>xrouter generate</c>: greedy or sampled generation from an ONNX Runtime GenAI model folder, on GenAI's generator.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo>("--model") { Description = "An ONNX Runtime GenAI model folder (genai_config.json, decoder, tokenizer).", Required = true };
        var prompt = new Option<string?>("--prompt") { Description = "Raw prompt text, encoded with the folder's tokenizer (render chats with `xrouter template`)." };
        var ids = new Option<string?>("--ids") { Description = "Prompt token ids, comma-separated." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "The most tokens to generate.", DefaultValueFactory = _ => 32 };
        var temperature = new Option<float>("--temperature") { Description = "0 (the default) is greedy." };
        var seed = new Option<int?>("--seed") { Description = "Sampler seed for reproducible sampling." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("generate", "Generate tokens with ONNX Runtime GenAI and print the ids, the text and the timing.")
        {
            model, prompt, ids, maxTokens, temperature, seed, json,
        };
        command.SetAction(parse => CommandFailure.RunAsync(() =>
        {
            var options = new OnnxDecoderOptions { ModelPath = parse.GetValue(model)!.FullName, Temperature = parse.GetValue(temperature), Seed = parse.GetValue(seed) };
            using var loaded = GenAiModel.Load(options);
            int[] promptIds = PromptIds(parse.GetValue(prompt), parse.GetValue(ids), loaded);
            var settings = new SearchSettings(loaded.ContextLength, options.Temperature, options.TopK, options.TopP, options.RepetitionPenalty, options.Seed, Grammar: null);
            var run = Run(loaded, promptIds, settings, parse.GetValue(maxTokens));
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json) ? Json(promptIds, run) : Text(promptIds, run));
            return 0;
        }));
        return command;
    }

    private static int[] PromptIds(string? prompt, string? ids, GenAiModel model)
    {
        if ((prompt is null) == (ids is null))
        {
            throw new ArgumentException("give exactly one of --prompt and --ids.");
        }

        return prompt is not null
            ? model.Encode(prompt)
            : [.. ids!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(id =>
                int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : throw new FormatException($"--ids: '{id}' is not an integer token id."))];
    }

    private static GenerationRun Run(GenAiModel model, int[] promptIds, SearchSettings settings, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1, "--max-tokens");
        using var generator = new PrefixCachedGenerator(model.Model);
        using var detokenizer = model.Tokenizer.CreateStream();
        var generated = new List<int>();
        var text = new System.Text.StringBuilder();
        var clock = Stopwatch.StartNew();
        generator.Start(promptIds, settings);
        TimeSpan firstToken = TimeSpan.Zero;
        string? finish = null;
        while (finish is null)
        {
            if (generator.IsDone)
            {
                finish = generated.Count > 0 && model.EndOfTurnIds.Contains(generated[^1]) ? "EndOfSequence" : "ContextLength";
                break;
            }

            int token = generator.Next();
            firstToken = generated.Count == 0 ? clock.Elapsed : firstToken;
            generated.Add(token);
            if (model.EndOfTurnIds.Contains(token))
            {
                finish = "EndOfSequence";
            }
            else
            {
                text.Append(detokenizer.Decode(token));
                finish = generated.Count >= maxTokens ? "MaxTokens" : null;
            }
        }

        return new GenerationRun(generated, text.ToString(), finish, firstToken, clock.Elapsed - firstToken);
    }

    private static string Text(int[] promptIds, GenerationRun run) => string.Join(Environment.NewLine,
    [
        $"prompt ids ({promptIds.Length}): {string.Join(',', promptIds)}",
        $"generated ids ({run.Ids.Count}): {string.Join(',', run.Ids)}",
        $"text: {run.Text}",
        $"finish: {run.Finish}",
        string.Create(CultureInfo.InvariantCulture, $"prefill + first token: {run.Prefill.TotalMilliseconds:0.00} ms; decode: {run.Ids.Count - 1} tokens in {run.Decode.TotalMilliseconds:0.00} ms ({run.DecodeTokensPerSecond:0.0} tokens/s)"),
    ]);

    private static string Json(int[] promptIds, GenerationRun run) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["prompt_ids"] = promptIds,
        ["generated_ids"] = run.Ids,
        ["text"] = run.Text,
        ["finish_reason"] = run.Finish,
        ["prefill_ms"] = Math.Round(run.Prefill.TotalMilliseconds, 3),
        ["decode_ms"] = Math.Round(run.Decode.TotalMilliseconds, 3),
        ["decode_tokens_per_second"] = Math.Round(run.DecodeTokensPerSecond, 1),
    });

    private sealed record GenerationRun(List<int> Ids, string Text, string Finish, TimeSpan Prefill, TimeSpan Decode)
    {
        public double DecodeTokensPerSecond => Ids.Count > 1 && Decode > TimeSpan.Zero ? (Ids.Count - 1) / Decode.TotalSeconds : 0;
    }
}

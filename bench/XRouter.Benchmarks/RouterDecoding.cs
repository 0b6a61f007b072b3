using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntimeGenAI;
using XRouter.Onnx;
using XRouter.Onnx.ChatTemplates;
using XRouter.Onnx.Grammar;

namespace XRouter.Benchmarks;

/// <summary>
/// The local router's decoding costs on one model folder, measured side by side round by round so that load
/// from other processes hits every variant alike: a cold prefill of the whole router prompt against a warm one
/// that reuses the cached system prompt and tools; the raw GenAI generator against our chat client doing the
/// same work (warm prefix, same greedy tokens); and the per-token cost of the tool-call grammar.
/// </summary>
internal static class RouterDecoding
{
    private static readonly string[] s_queries = ["What is 17 * 23?", "Write a haiku about routers.", "Prove that sqrt(2) is irrational."];

    public static void Run(string folder, int rounds, int tokens, int? maxSequenceLength)
    {
        var options = new OnnxDecoderOptions { ModelPath = folder, MaxSequenceLength = maxSequenceLength, IntraOpThreads = 1, MaxOutputTokens = tokens };
        var constrained = new OnnxDecoderOptions { ModelPath = folder, MaxSequenceLength = maxSequenceLength, IntraOpThreads = 1, MaxOutputTokens = tokens, ConstrainToolCalls = true };
        using var model = GenAiModel.Load(options);
        using var client = new OnnxDecoderChatClient(options);
        using var guidedClient = new OnnxDecoderChatClient(constrained);
        var chatOptions = RouterPrompt.Options(tokens);
        var tools = chatOptions.Tools!.OfType<AIFunctionDeclaration>().ToList();
        int[][] prompts = [.. s_queries.Select(q => model.Encode(Qwen25ChatTemplate.Render(RouterPrompt.Messages(q), chatOptions.Tools)))];
        int shared = prompts.Skip(1).Min(p => p.AsSpan().CommonPrefixLength(prompts[0]));
        int maxLength = Math.Min(maxSequenceLength ?? model.ContextLength, model.ContextLength);
        var plain = new SearchSettings(maxLength, 0f, 0, 1f, 1f, null, null);
        var guided = plain with { Grammar = ToolCallGrammar.Build(tools, toolCallRequired: false, maxStringLength: null) };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(folder)}: router prompt {prompts[0].Length} tokens ({shared} shared by every query), {tokens} new tokens, {rounds} rounds after 2 warm-up rounds, max_length {maxLength}"));

        var figures = new Dictionary<string, List<double>>();
        void Record(string name, double ms)
        {
            if (!figures.TryGetValue(name, out var list))
            {
                figures[name] = list = [];
            }

            list.Add(ms);
        }

        using var rawWarm = new PrefixCachedGenerator(model.Model);
        using var rawGuided = new PrefixCachedGenerator(model.Model);
        for (int round = 0; round < rounds + 2; round++)
        {
            bool measured = round >= 2;
            int[] prompt = prompts[round % prompts.Length];
            var query = RouterPrompt.Messages(s_queries[round % s_queries.Length]);
            var steps = new List<Action>
            {
                () =>
                {
                    using var cold = new PrefixCachedGenerator(model.Model);
                    var (first, _) = Decode(cold, prompt, plain, 1);
                    if (measured) { Record("cold prefill + 1st token (raw)", first); }
                },
                () =>
                {
                    var (first, total) = Decode(rawWarm, prompt, plain, tokens);
                    if (measured) { Record("warm prefill + 1st token (raw)", first); Record("warm request (raw)", total); Record("decode per token (raw)", (total - first) / (tokens - 1)); }
                },
                () =>
                {
                    double total = Time(() => client.GetResponseAsync(query, chatOptions).GetAwaiter().GetResult());
                    if (measured) { Record("warm request (chat client)", total); }
                },
                () =>
                {
                    var (first, total) = Decode(rawGuided, prompt, guided, tokens);
                    if (measured) { Record("decode per token, grammar (raw)", (total - first) / (tokens - 1)); }
                },
                () =>
                {
                    double total = Time(() => guidedClient.GetResponseAsync(query, chatOptions).GetAwaiter().GetResult());
                    if (measured) { Record("warm request, grammar (chat client)", total); }
                },
            };

            // Rotate the order each round, so that no variant always runs right after the same other one.
            for (int i = 0; i < steps.Count; i++)
            {
                steps[(i + round) % steps.Count]();
            }
        }

        foreach (var (name, values) in figures)
        {
            values.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-40} median {values[values.Count / 2],9:0.000} ms   mean {values.Average(),9:0.000} ms"));
        }

        double Median(string name) => figures[name][figures[name].Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  chat client over raw generator, same warm request: {Median("warm request (chat client)") / Median("warm request (raw)") - 1:+0.0%;-0.0%}; " +
            $"second request starts {Median("cold prefill + 1st token (raw)") / Median("warm prefill + 1st token (raw)"):0.0}x sooner; " +
            $"grammar per token: {Median("decode per token, grammar (raw)") / Median("decode per token (raw)") - 1:+0.0%;-0.0%}"));
    }

    /// <summary>Prefills (reusing what the generator caches) and decodes; returns ms to the first token and in total.</summary>
    private static (double FirstToken, double Total) Decode(PrefixCachedGenerator generator, int[] prompt, SearchSettings settings, int tokens)
    {
        var clock = Stopwatch.StartNew();
        generator.Start(prompt, settings);
        double first = 0;
        for (int i = 0; i < tokens && !generator.IsDone; i++)
        {
            generator.Next();
            first = i == 0 ? clock.Elapsed.TotalMilliseconds : first;
        }

        return (first, clock.Elapsed.TotalMilliseconds);
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }
}

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
        using var plainClient = new OnnxDecoderChatClient(options);
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
        void Record(string name, double value)
        {
            if (!figures.TryGetValue(name, out var list))
            {
                figures[name] = list = [];
            }

            list.Add(value);
        }

        // Every generator and client is used once per round, so each request reuses exactly the prefix its prompt
        // shares with the previous round's (another query): the router's system prompt and tools.
        using var rawWarm = new PrefixCachedGenerator(model.Model);
        using var rawPaired = new PrefixCachedGenerator(model.Model);
        using var rawPlain = new PrefixCachedGenerator(model.Model);
        using var rawGuided = new PrefixCachedGenerator(model.Model);
        for (int round = 0; round < rounds + 2; round++)
        {
            bool measured = round >= 2;
            int[] prompt = prompts[round % prompts.Length];
            var query = RouterPrompt.Messages(s_queries[round % s_queries.Length]);
            bool swap = round % 2 == 1;

            // Each comparison runs its two sides back to back, in alternating order, and keeps their ratio, so
            // that load from other processes, which changes over seconds, cancels out of the ratio.
            var (cold, warm) = Pair(swap,
                () => { using var fresh = new PrefixCachedGenerator(model.Model); return Decode(fresh, prompt, plain, 1); },
                () => Decode(rawWarm, prompt, plain, tokens));
            var (chat, raw) = Pair(swap, () => Stream(client, query, chatOptions), () => Decode(rawPaired, prompt, plain, tokens));
            var (guidedRaw, plainRaw) = Pair(swap, () => Decode(rawGuided, prompt, guided, tokens), () => Decode(rawPlain, prompt, plain, tokens));
            var (guidedChat, plainChat) = Pair(swap, () => Stream(guidedClient, query, chatOptions), () => Stream(plainClient, query, chatOptions));
            if (!measured)
            {
                continue;
            }

            Record("cold prefill + 1st token, ms (raw)", cold.FirstToken);
            Record("warm prefill + 1st token, ms (raw)", warm.FirstToken);
            Record("decode per token, ms (raw)", PerToken(raw, tokens));
            Record("decode per token, ms (chat client)", PerToken(chat, tokens));
            Record("warm request, ms (raw)", raw.Total);
            Record("warm request, ms (chat client)", chat.Total);
            Record("decode per token, ms (raw, grammar)", PerToken(guidedRaw, tokens));
            Record("ratio: cold / warm time to 1st token", cold.FirstToken / warm.FirstToken);
            Record("ratio: chat client / raw, per token", PerToken(chat, tokens) / PerToken(raw, tokens));
            Record("ratio: chat client / raw, whole request", chat.Total / raw.Total);
            Record("ratio: grammar / none, per token (raw)", PerToken(guidedRaw, tokens) / PerToken(plainRaw, tokens));
            Record("ratio: grammar / none, whole request (chat client)", guidedChat.Total / plainChat.Total);
        }

        foreach (var (name, values) in figures)
        {
            values.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-52} median {values[values.Count / 2],10:0.000}   quartiles {values[values.Count / 4],10:0.000} .. {values[values.Count * 3 / 4],10:0.000}"));
        }
    }

    private static (T First, T Second) Pair<T>(bool swap, Func<T> first, Func<T> second)
    {
        if (!swap)
        {
            var a = first();
            return (a, second());
        }

        var b = second();
        return (first(), b);
    }

    private static double PerToken((double FirstToken, double Total) run, int tokens) => (run.Total - run.FirstToken) / (tokens - 1);

    /// <summary>One streamed chat request; returns ms to the first text update and in total.</summary>
    private static (double FirstToken, double Total) Stream(OnnxDecoderChatClient client, List<ChatMessage> messages, ChatOptions options)
    {
        var clock = Stopwatch.StartNew();
        double first = 0;
        var updates = client.GetStreamingResponseAsync(messages, options).GetAsyncEnumerator();
        try
        {
            while (updates.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                first = first == 0 && updates.Current.Text.Length > 0 ? clock.Elapsed.TotalMilliseconds : first;
            }
        }
        finally
        {
            updates.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return (first, clock.Elapsed.TotalMilliseconds);
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
}

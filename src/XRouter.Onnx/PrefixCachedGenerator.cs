using Microsoft.ML.OnnxRuntimeGenAI;

namespace XRouter.Onnx;

/// <summary>
/// One long-lived GenAI <see cref="Generator"/> whose KV cache outlives a request: the next prompt rewinds it
/// to the prefix both sequences share (the router's system prompt and tool list are the same on every request)
/// and only the rest is computed. A request with other search settings replaces the generator. Not thread-safe.
/// </summary>
internal sealed class PrefixCachedGenerator(Model model) : IDisposable
{
    private readonly List<int> _sequence = [];
    private Generator? _generator;
    private SearchSettings? _settings;

    /// <summary>The tokens of the current sequence: prompt and generated.</summary>
    public IReadOnlyList<int> Sequence => _sequence;

    /// <summary>
    /// Makes <paramref name="prompt"/> the sequence and computes it, keeping the cache of the longest prefix
    /// shared with the current sequence; returns how many prompt tokens came from the cache.
    /// </summary>
    public int Start(ReadOnlySpan<int> prompt, SearchSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfZero(prompt.Length, nameof(prompt));
        int reused = 0;
        if (_generator is null || _settings != settings)
        {
            Replace(settings);
        }
        else
        {
            // The last token of a sequence was sampled but never run through the model, so its cache entry does
            // not exist yet; at least one prompt token must be appended for the runtime to compute logits.
            reused = Math.Min(prompt.CommonPrefixLength(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_sequence)), Math.Min(prompt.Length, _sequence.Count) - 1);
            reused = Math.Max(reused, 0);
            _generator.RewindTo((ulong)reused);
            _sequence.RemoveRange(reused, _sequence.Count - reused);
        }

        try
        {
            _generator!.AppendTokens(prompt[reused..]);
        }
        catch
        {
            // The runtime's state after a failed append is unknown: start the next request afresh.
            Discard();
            throw;
        }

        _sequence.AddRange(prompt[reused..]);
        return reused;
    }

    /// <summary>Whether the runtime ends the sequence (an eos token, or the maximum length).</summary>
    public bool IsDone => _generator?.IsDone() ?? true;

    /// <summary>Generates the next token and returns it.</summary>
    public int Next()
    {
        var generator = _generator ?? throw new InvalidOperationException("Start a sequence before generating.");
        generator.GenerateNextToken();
        int token = generator.GetNextTokens()[0];
        _sequence.Add(token);
        return token;
    }

    public void Dispose() => Discard();

    private void Discard()
    {
        _generator?.Dispose();
        _generator = null;
        _settings = null;
        _sequence.Clear();
    }

    private void Replace(SearchSettings settings)
    {
        Discard();
        using var parameters = settings.CreateParams(model);
        _generator = new Generator(model, parameters);
        _settings = settings;
    }
}

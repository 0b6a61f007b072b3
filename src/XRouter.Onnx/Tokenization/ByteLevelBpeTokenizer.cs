using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace XRouter.Onnx.Tokenization;

/// <summary>
/// A byte-level BPE tokenizer (GPT-2, Qwen2 and their descendants) loaded from a Hugging Face tokenizer
/// folder, encoding with Microsoft.ML.Tokenizers. Added tokens (chat markers such as <c>&lt;|im_start|&gt;</c>
/// or <c>&lt;tool_call&gt;</c>) are matched whole in the text and never split, as Hugging Face does.
/// </summary>
public sealed class ByteLevelBpeTokenizer
{
    private readonly BpeTokenizer _bpe;
    private readonly byte[][] _bytes;
    private readonly Dictionary<string, int> _added;
    private readonly bool _normalizeToNfc;

    private ByteLevelBpeTokenizer(BpeTokenizer bpe, byte[][] bytes, Dictionary<string, int> added, bool normalizeToNfc)
    {
        _bpe = bpe;
        _bytes = bytes;
        _added = added;
        _normalizeToNfc = normalizeToNfc;
    }

    /// <summary>The exclusive upper bound of the token ids, added tokens included.</summary>
    public int VocabularySize => _bytes.Length;

    /// <summary>The added tokens (special or not) and their ids.</summary>
    public IReadOnlyDictionary<string, int> AddedTokens => _added;

    /// <summary>
    /// Loads <c>tokenizer.json</c>, or <c>vocab.json</c> with <c>merges.txt</c> (Qwen2's pre-tokenization
    /// unless <c>tokenizer_config.json</c> names the GPT-2 tokenizer), plus the added tokens of
    /// <c>tokenizer_config.json</c>.
    /// </summary>
    /// <exception cref="FileNotFoundException">When the folder has no usable tokenizer files.</exception>
    /// <exception cref="InvalidDataException">When a file is malformed.</exception>
    public static ByteLevelBpeTokenizer Load(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var files = TokenizerFiles.Load(folder);
        var regex = new Regex(files.PreTokenizerPattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        var bpe = BpeTokenizer.Create(new BpeOptions(files.Vocabulary)
        {
            Merges = files.Merges,
            SpecialTokens = files.AddedTokens,
            PreTokenizer = new RegexPreTokenizer(regex, files.AddedTokens),
            ByteLevel = true,
        });
        return new ByteLevelBpeTokenizer(bpe, BytesById(files, folder), files.AddedTokens, files.NormalizeToNfc);
    }

    /// <summary>
    /// Encodes text to token ids; added tokens in the text become their single ids. Text is first normalized
    /// to NFC when the tokenizer asks for it (Qwen2 does).
    /// </summary>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _bpe.EncodeToIds(_normalizeToNfc ? text.Normalize(NormalizationForm.FormC) : text);
    }

    /// <summary>
    /// Decodes token ids to text; invalid UTF-8 becomes U+FFFD, as Hugging Face's <c>errors="replace"</c>,
    /// and ids the tokenizer does not know (a model's padded vocabulary) decode to nothing.
    /// </summary>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var detokenizer = CreateDetokenizer();
        var text = new StringBuilder();
        foreach (int id in ids)
        {
            text.Append(detokenizer.Append(id));
        }

        return text.Append(detokenizer.Flush()).ToString();
    }

    /// <summary>Starts a streaming decoder that never splits a multi-byte character.</summary>
    public IncrementalDetokenizer CreateDetokenizer() => new(this);

    /// <summary>The id of a vocabulary entry or added token, or null when there is none.</summary>
    public int? TokenId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _added.TryGetValue(token, out int id) ? id : _bpe.Vocabulary.TryGetValue(token, out id) ? id : null;
    }

    /// <summary>
    /// The bytes of a token. Ids without an entry decode to nothing, as in Hugging Face: models pad their
    /// embedding past the tokenizer (Qwen2.5-7B has 152,064 logits for 151,665 tokens) and may emit those ids.
    /// </summary>
    internal byte[] BytesOf(int id) =>
        (uint)id < (uint)_bytes.Length && _bytes[id] is { } bytes ? bytes : [];

    private static byte[][] BytesById(TokenizerFiles files, string folder)
    {
        int size = Math.Max(files.Vocabulary.Values.DefaultIfEmpty(-1).Max(), files.AddedTokens.Values.DefaultIfEmpty(-1).Max()) + 1;
        var bytes = new byte[size][];
        foreach (var (token, id) in files.Vocabulary)
        {
            bytes[id] = ByteLevelAlphabet.BytesOf(token)
                ?? throw new InvalidDataException($"{folder}: vocabulary entry '{token}' (id {id}) has characters outside the byte-level alphabet.");
        }

        foreach (var (token, id) in files.AddedTokens)
        {
            bytes[id] = Encoding.UTF8.GetBytes(token);
        }

        return bytes;
    }
}

using System.Text;
using XRouter.Policy.Catalog;

namespace XRouter.SemanticKernel.Ledger;

/// <summary>
/// Token counts guessed from text (UTF-8 bytes / 4, rounded up), used only when a provider reports no usage
/// and estimation was switched on; such calls are flagged as estimated.
/// </summary>
internal static class UsageEstimate
{
    public static TokenUsage From(IEnumerable<string> inputs, string output) =>
        new(inputs.Sum(Tokens), Tokens(output));

    private static long Tokens(string text) => (Encoding.UTF8.GetByteCount(text) + 3) / 4;
}

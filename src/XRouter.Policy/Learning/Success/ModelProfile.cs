using XRouter.Policy.Catalog;

namespace XRouter.Policy.Learning.Success;

/// <summary>What training learned about one model besides its success weights: its tier and how long it answers.</summary>
/// <param name="Id">The model id.</param>
/// <param name="Tier">The tier the training catalog gave it.</param>
/// <param name="OutputTokens">Mean reply tokens over all training queries.</param>
/// <param name="OutputTokensByTask">Mean reply tokens per task.</param>
/// <param name="AnswerRate">The share of its training replies with a comparable answer (see <c>ReplyAnswerExtractor</c>).</param>
/// <param name="AnswerRateByTask">The same share per task.</param>
internal sealed record ModelProfile(
    string Id, ModelTier Tier, double OutputTokens, IReadOnlyDictionary<string, double> OutputTokensByTask, double AnswerRate, IReadOnlyDictionary<string, double> AnswerRateByTask)
{
    public double AnswerRateFor(string? task) =>
        task is not null && AnswerRateByTask.TryGetValue(task, out double rate) ? rate : AnswerRate;

    public double OutputTokensFor(string? task) =>
        task is not null && OutputTokensByTask.TryGetValue(task, out double tokens) ? tokens : OutputTokens;
}

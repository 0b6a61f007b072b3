namespace XRouter.Policy.Evaluation;

/// <summary>
/// A model's prices per 1M input and output tokens fitted to its recorded call costs: the least-squares fit of
/// <c>cost = input_tokens * input_price + output_tokens * output_price</c> over its calls. One price for both would
/// misjudge every call whose share of reply tokens differs from the log's average: a model whose output tokens cost
/// three times its input tokens would look 2.3 times cheaper than it is on long code replies.
/// </summary>
internal static class RecordedPrices
{
    /// <summary>
    /// The fitted prices per 1M tokens. When the two cannot be told apart (the calls' input and output tokens are
    /// proportional, or the fit puts one price below 0), both are the one price of all the cost over all the tokens.
    /// </summary>
    /// <param name="calls">Each call's input tokens, output tokens and recorded cost in USD.</param>
    public static (double InputPerMTok, double OutputPerMTok) Fit(IEnumerable<(double Input, double Output, double Cost)> calls)
    {
        double ii = 0, io = 0, oo = 0, ic = 0, oc = 0, tokens = 0, cost = 0;
        foreach (var call in calls)
        {
            ii += call.Input * call.Input;
            io += call.Input * call.Output;
            oo += call.Output * call.Output;
            ic += call.Input * call.Cost;
            oc += call.Output * call.Cost;
            tokens += call.Input + call.Output;
            cost += call.Cost;
        }

        double det = (ii * oo) - (io * io);
        if (det > 1e-9 * ii * oo)
        {
            double input = ((ic * oo) - (oc * io)) / det;
            double output = ((oc * ii) - (ic * io)) / det;
            if (input >= 0 && output >= 0)
            {
                return (input * 1_000_000, output * 1_000_000);
            }
        }

        double blended = tokens > 0 ? cost / tokens * 1_000_000 : 0;
        return (blended, blended);
    }
}

namespace XRouter.Policy.Learning.Policy;

/// <summary>
/// One routing decision as the learned policy sees it, in pool indices: per-model success probabilities and
/// estimated call costs at the request's prices, the cost penalty, and the models called so far with the answers
/// parsed from their replies. Training episodes and live requests both reduce to it, so they share one featurization.
/// </summary>
internal sealed class DecisionContext
{
    public DecisionContext(double[] p, double[] cost, double[] answerRate, double lambda, double maxPenalty)
    {
        P = p;
        Cost = cost;
        AnswerRate = answerRate;
        Lambda = lambda;
        MaxPenalty = maxPenalty;
    }

    public double[] P { get; }

    public double[] Cost { get; }

    /// <summary>The chance each model's reply states a comparable answer (what makes agreement informative).</summary>
    public double[] AnswerRate { get; }

    public double Lambda { get; }

    public double MaxPenalty { get; }

    /// <summary>Pool indices of the models called, in call order.</summary>
    public List<int> Called { get; } = [];

    /// <summary>The answer parsed from each called model's reply (null: none comparable), in call order.</summary>
    public List<string?> Answers { get; } = [];

    /// <summary>Whether a further call is still allowed (false on the last turn).</summary>
    public bool MayCall { get; set; } = true;

    public int PoolSize => P.Length;

    /// <summary>The reward share left after paying <paramref name="cost"/>: <c>1 - min(lambda * cost, cost_max)</c>.</summary>
    public double Keep(double cost) => 1.0 - Math.Min(Lambda * cost, MaxPenalty);

    public double SpentEstimate()
    {
        double spent = 0;
        foreach (int m in Called)
        {
            spent += Cost[m];
        }

        return spent;
    }

    /// <summary>How many other replies state the same answer as reply <paramref name="r"/>.</summary>
    public int AgreeingWith(int r)
    {
        if (Answers[r] is not string answer)
        {
            return 0;
        }

        int agreeing = 0;
        for (int i = 0; i < Answers.Count; i++)
        {
            agreeing += i != r && Answers[i] == answer ? 1 : 0;
        }

        return agreeing;
    }

    public void Record(int model, string? answer)
    {
        Called.Add(model);
        Answers.Add(answer);
    }
}

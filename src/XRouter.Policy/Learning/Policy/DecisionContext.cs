using XRouter.Policy.Learning.Success;

namespace XRouter.Policy.Learning.Policy;

/// <summary>
/// One routing decision as the learned policy sees it, in pool indices: per-model success probabilities and
/// estimated call costs at the request's prices, the learned pair rates among the pool, the cost penalty, and the
/// models called so far with the answers parsed from their replies. Training episodes and live requests both reduce to it, so they share one featurization.
/// </summary>
internal sealed class DecisionContext
{
    public DecisionContext(double[] p, double[] cost, double[] answerRate, PairView pairs, double lambda, double maxPenalty)
    {
        P = p;
        Cost = cost;
        AnswerRate = answerRate;
        Pairs = pairs;
        Lambda = lambda;
        MaxPenalty = maxPenalty;
    }

    public double[] P { get; }

    public double[] Cost { get; }

    /// <summary>The chance each model's reply states a comparable answer (what makes agreement informative).</summary>
    public double[] AnswerRate { get; }

    public PairView Pairs { get; }

    public double Lambda { get; }

    public double MaxPenalty { get; }

    /// <summary>Pool indices of the models called, in call order.</summary>
    public List<int> Called { get; } = [];

    /// <summary>The answer parsed from each called model's reply (null: none comparable), in call order.</summary>
    public List<string?> Answers { get; } = [];

    /// <summary>Whether a further call is still allowed (false on the last turn).</summary>
    public bool MayCall { get; set; } = true;

    public int PoolSize => P.Length;

    /// <summary>The designated direct-answer model's success probability, or NaN when none is designated.</summary>
    public double DirectP { get; init; } = double.NaN;

    /// <summary>The direct-answer model's success rate as counted on the request's task, or its estimate (<see cref="DirectP"/>) without counts; NaN when none is designated.</summary>
    public double DirectObservedP { get; init; } = double.NaN;

    /// <summary>The estimated cost of the direct-answer model's answer.</summary>
    public double DirectCost { get; init; }

    public bool HasDirect => !double.IsNaN(DirectP);

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

    /// <summary>Takes back the last <see cref="Record"/> (to look one step ahead).</summary>
    public void Unrecord()
    {
        Called.RemoveAt(Called.Count - 1);
        Answers.RemoveAt(Answers.Count - 1);
    }

    /// <summary>
    /// What calling pool models <paramref name="a"/> and <paramref name="b"/> together may show: the joint success
    /// chances (their estimates, corrected by the learned correlation) split by whether the replies agree.
    /// </summary>
    public PairOutlook Outlook(int a, int b)
    {
        double pa = P[a], pb = P[b];
        double joint = (pa * pb) + (Pairs.Correlation(a, b) * Math.Sqrt(pa * (1 - pa) * pb * (1 - pb)));
        double bothRight = Math.Clamp(joint, Math.Max(0, pa + pb - 1), Math.Min(pa, pb));
        double onlyA = pa - bothRight, onlyB = pb - bothRight, bothWrong = 1 - pa - pb + bothRight;
        double agreeRight = Pairs.AgreeRight(a, b), agreeSplit = Pairs.AgreeSplit(a, b);
        double agree = (agreeRight * bothRight) + (Pairs.AgreeWrong(a, b) * bothWrong) + (agreeSplit * (onlyA + onlyB));
        return new PairOutlook(
            agree,
            (agreeRight * bothRight) + (agreeSplit * (onlyA + onlyB) / 2),
            ((1 - agreeRight) * bothRight) + ((1 - agreeSplit) * onlyA),
            ((1 - agreeRight) * bothRight) + ((1 - agreeSplit) * onlyB));
    }

    /// <summary>Whether two or more replies were read and all state the same answer.</summary>
    public bool AllAgree => Called.Count >= 2 && Answers[0] is not null && Answers.TrueForAll(a => a == Answers[0]);

    /// <summary>The chance reply <paramref name="r"/> is right given what the replies showed (two replies: their agreement; more: their vote).</summary>
    public double Posterior(int r)
    {
        if (Called.Count > 2)
        {
            return VotePosterior(r, counted: false) ?? P[Called[r]];
        }

        if (Called.Count != 2)
        {
            return P[Called[r]];
        }

        var outlook = Outlook(Called[0], Called[1]);
        if (AllAgree)
        {
            return Ratio(outlook.AgreeRightMass, outlook.Agree);
        }

        return Ratio(r == 0 ? outlook.FirstRightMass : outlook.SecondRightMass, 1 - outlook.Agree);
    }

    /// <summary>
    /// What a cascade through pool models <paramref name="a"/> and <paramref name="b"/> did on the training queries of
    /// the request's task, as probability masses; null without counts for the pair.
    /// </summary>
    public PairOutlook? ObservedOutlook(int a, int b) => Pairs.Observed(a, b) is ObservedPair pair ? Outlook(pair) : null;

    /// <summary>The outlook of a pair as its counted rates give it.</summary>
    public static PairOutlook Outlook(ObservedPair pair) =>
        new(pair.Agree, pair.AgreeRight, pair.FirstRightOnDisagreement, pair.SecondRightOnDisagreement);

    /// <summary>
    /// The chance reply <paramref name="r"/> is right as counted on the request's task: while no other reply states an
    /// answer to compare it with (or it states none), among that model's replies that did (or did not) state a readable
    /// answer; after two, where the two replies agreed (or did not) as these did; after more, their vote read on the
    /// counted pairs. The modelled <see cref="Posterior"/> without counts.
    /// </summary>
    public double ObservedPosterior(int r)
    {
        // Agreement is read only between replies that both state an answer; a reply compared with none says only that.
        if (!ComparedWithAnother(r))
        {
            return Pairs.ObservedRight(Called[r], Answers[r] is not null) ?? Posterior(r);
        }

        if (Called.Count > 2)
        {
            return VotePosterior(r, counted: true) ?? P[Called[r]];
        }

        if (Called.Count != 2 || ObservedOutlook(Called[0], Called[1]) is not PairOutlook outlook)
        {
            return Posterior(r);
        }

        return AllAgree
            ? Ratio(outlook.AgreeRightMass, outlook.Agree)
            : Ratio(r == 0 ? outlook.FirstRightMass : outlook.SecondRightMass, 1 - outlook.Agree);
    }

    private bool ComparedWithAnother(int r)
    {
        if (Answers[r] is null)
        {
            return false;
        }

        for (int i = 0; i < Answers.Count; i++)
        {
            if (i != r && Answers[i] is not null)
            {
                return true;
            }
        }

        return false;
    }

    // Three or more replies, read pair by pair: a reply another agrees with is as likely right as the most precise of
    // its agreeing pairs; a reply against an agreeing pair is at most as likely right as it is against each reply it
    // contradicts, and than the pair is wrong. Null when no two replies agree, which a vote cannot read.
    private double? VotePosterior(int r, bool counted)
    {
        double majority = 0;
        bool anyAgree = false;
        for (int i = 0; i < Called.Count; i++)
        {
            for (int j = i + 1; j < Called.Count; j++)
            {
                if (Answers[i] is not null && Answers[i] == Answers[j])
                {
                    anyAgree = true;
                    majority = Math.Max(majority, AgreedPrecision(i, j, counted));
                }
            }
        }

        if (!anyAgree)
        {
            return null;
        }

        if (AgreeingWith(r) > 0)
        {
            double agreed = 0;
            for (int j = 0; j < Called.Count; j++)
            {
                if (j != r && Answers[j] == Answers[r])
                {
                    agreed = Math.Max(agreed, AgreedPrecision(Math.Min(r, j), Math.Max(r, j), counted));
                }
            }

            return agreed;
        }

        double against = 1 - majority;
        for (int j = 0; j < Called.Count; j++)
        {
            if (j != r)
            {
                against = Math.Min(against, RightAgainst(r, j, counted));
            }
        }

        return against;
    }

    // The chance replies i < j are right where they agree.
    private double AgreedPrecision(int i, int j, bool counted)
    {
        var outlook = PairOutlookOf(i, j, counted);
        return Ratio(outlook.AgreeRightMass, outlook.Agree);
    }

    // The chance reply r is right where it and reply j disagree.
    private double RightAgainst(int r, int j, bool counted)
    {
        var outlook = PairOutlookOf(Math.Min(r, j), Math.Max(r, j), counted);
        return Ratio(r < j ? outlook.FirstRightMass : outlook.SecondRightMass, 1 - outlook.Agree);
    }

    private PairOutlook PairOutlookOf(int i, int j, bool counted) =>
        counted && ObservedOutlook(Called[i], Called[j]) is PairOutlook observed ? observed : Outlook(Called[i], Called[j]);

    /// <summary>
    /// The chance pool model <paramref name="m"/> is right as counted on the request's task: where the two called models
    /// disagreed, or, after one reply, on any query; the modelled <see cref="EscalationP"/> without counts.
    /// </summary>
    public double ObservedEscalationP(int m)
    {
        if (Called.Count == 2 && !AllAgree && Pairs.Observed(Called[0], Called[1]) is ObservedPair pair && pair.EscalationRight(m) is double mass)
        {
            return Ratio(mass, 1 - pair.Agree);
        }

        if (Called.Count == 1)
        {
            return Pairs.ObservedRight(m) ?? EscalationP(m);
        }

        return EscalationP(m);
    }

    /// <summary>The chance pool model <paramref name="m"/> is right given what the replies showed (disagreement marks a harder query).</summary>
    public double EscalationP(int m) => Called.Count >= 2 && !AllAgree ? LiftedP(m) : P[m];

    /// <summary>The chance pool model <paramref name="m"/> is right on a query where two others disagreed.</summary>
    public double LiftedP(int m) => Math.Min(1, P[m] * Pairs.EscalationLift(m));

    private static double Ratio(double mass, double of) => of <= 1e-9 ? 0 : Math.Clamp(mass / of, 0, 1);
}

/// <summary>The outlook of a pair call, as probability masses over the two replies.</summary>
/// <param name="Agree">P(the replies state one answer).</param>
/// <param name="AgreeRightMass">P(they agree and the agreed reply is right).</param>
/// <param name="FirstRightMass">P(they disagree and the first is right).</param>
/// <param name="SecondRightMass">P(they disagree and the second is right).</param>
internal readonly record struct PairOutlook(double Agree, double AgreeRightMass, double FirstRightMass, double SecondRightMass);

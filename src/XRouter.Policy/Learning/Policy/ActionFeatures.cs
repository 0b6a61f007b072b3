using XRouter.Policy.Learning.Success;

namespace XRouter.Policy.Learning.Policy;

/// <summary>
/// The candidate steps of a decision and their features. Each kind of step has its own block of features (the other
/// blocks are zero), so one linear scorer compares calling, escalating and selecting; a direct answer is scored as a
/// single call of the direct-answer model plus an offset of its own (nothing can follow it). A decision whose task
/// training counted is described by the counted-value features, any other by the modelled ones, so the two regimes
/// have separate weights. Cost enters only through the share of reward a step would keep at the request's penalty
/// (<c>1 - min(lambda * cost, cost_max)</c>), which is how lambda and prices move decisions without retraining.
/// </summary>
internal static class ActionFeatures
{
    /// <summary>The feature names, in order (written to policy files).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "one.bias", "one.p", "one.penalty", "one.expected_reward", "one.gap_to_best",
        "pair.bias", "pair.p_max", "pair.p_min", "pair.penalty", "pair.either_reward", "pair.both_reward", "pair.escalation_reward",
        "more.bias", "more.p", "more.expected_reward", "more.all_agree", "more.best_reply_p", "more.gap_to_best_reply", "more.single_reply",
        "select.bias", "select.p", "select.agree_share", "select.all_agree", "select.unparsed", "select.gap_to_best_reply", "select.kept_reward",
        "select.agree_kept_reward", "pair.cascade_reward", "pair.comparable",
        "select.posterior", "select.posterior_kept", "more.posterior_reward",
        "direct.bias",
        "pair.observed_cascade_reward", "more.observed_reward", "select.observed_kept", "one.observed_reward",
        "direct.observed_bias",
    ];

    // Features [0, ModelledCount) describe a decision from the modelled estimates (WriteModelled), the rest from the
    // counted rates of the request's task (WriteCounted). A decision fills one of the two (counted when its task is
    // known), so each has weights of its own.
    internal const int ModelledCount = 33;

    private const int PairCandidates = 6;

    public static int Count => Names.Count;

    /// <summary>The candidate steps of <paramref name="context"/>.</summary>
    public static List<CandidateAction> Candidates(DecisionContext context)
    {
        var list = new List<CandidateAction>();
        if (context.Called.Count == 0)
        {
            for (int a = 0; a < context.PoolSize; a++)
            {
                list.Add(new CandidateAction(ActionKind.CallOne, a));
            }

            // Only the few pairs of best cascade value: dozens of pair candidates would drown the single calls in the softmax.
            var pairs = new List<(double Value, int A, int B)>();
            for (int a = 0; a < context.PoolSize; a++)
            {
                for (int b = a + 1; b < context.PoolSize; b++)
                {
                    pairs.Add((ObservedCascade(context, a, b).Value, a, b));
                }
            }

            pairs.Sort((x, y) => y.Value != x.Value ? y.Value.CompareTo(x.Value) : (x.A, x.B).CompareTo((y.A, y.B)));
            foreach (var (_, a, b) in pairs.Take(PairCandidates))
            {
                list.Add(new CandidateAction(ActionKind.CallPair, a, b));
            }

            if (context.HasDirect)
            {
                list.Add(new CandidateAction(ActionKind.AnswerDirectly, -1));
            }

            return list;
        }

        // Replies stating one answer are one choice, and it returns the latest of them: the reply a route step streams.
        for (int r = 0; r < context.Called.Count; r++)
        {
            if (context.Answers[r] is null || context.Answers.LastIndexOf(context.Answers[r]) == r)
            {
                list.Add(new CandidateAction(ActionKind.Select, r));
            }
        }

        if (context.MayCall)
        {
            for (int m = 0; m < context.PoolSize; m++)
            {
                if (!context.Called.Contains(m))
                {
                    list.Add(new CandidateAction(ActionKind.CallMore, m));
                }
            }
        }

        return list;
    }

    /// <summary>
    /// Writes the features of every candidate into <paramref name="into"/> (row-major, <see cref="Count"/> per row) and
    /// what each is expected to cost in all into <paramref name="expectedCost"/>.
    /// </summary>
    public static void Write(DecisionContext c, IReadOnlyList<CandidateAction> candidates, Span<float> into, Span<double> expectedCost)
    {
        into.Clear();
        var decision = new DecisionSummary(c);
        for (int i = 0; i < candidates.Count; i++)
        {
            var f = into.Slice(i * Count, Count);
            var action = candidates[i];
            var cascade = action.Kind != ActionKind.CallPair ? default
                : decision.Counted ? ObservedCascade(c, action.First, action.Second) : Cascade(c, action.First, action.Second);
            if (decision.Counted)
            {
                WriteCounted(f, c, action, decision, cascade);
            }
            else
            {
                WriteModelled(f, c, action, decision, cascade);
            }

            expectedCost[i] = ExpectedCost(c, action, decision, cascade);
        }
    }

    // What a step is expected to cost in all, the third call a cascade plans on disagreement included. It breaks ties
    // between steps of equal score: once lambda * cost reaches cost_max for every step, each keeps no reward and all
    // score alike, and the cheapest is the step a cost penalty that high asks for.
    private static double ExpectedCost(DecisionContext c, CandidateAction action, DecisionSummary d, CascadePlan cascade) => action.Kind switch
    {
        ActionKind.CallOne => c.Cost[action.First],
        ActionKind.CallPair => cascade.ExpectedCost,
        ActionKind.CallMore => d.Spent + c.Cost[action.First],
        ActionKind.Select => d.Spent,
        _ => c.DirectCost,
    };

    // A pair's cascade is planned once per decision by Write: the modelled one here, the counted one for WriteCounted.
    private static void WriteModelled(Span<float> f, DecisionContext c, CandidateAction action, DecisionSummary d, CascadePlan cascade)
    {
        switch (action.Kind)
        {
            case ActionKind.CallOne:
                SingleCall(f, c, c.P[action.First], c.Cost[action.First], d.PoolBest);
                break;

            case ActionKind.CallPair:
            {
                double pa = c.P[action.First];
                double pb = c.P[action.Second];
                double pairCost = c.Cost[action.First] + c.Cost[action.Second];
                double keep = c.Keep(pairCost);
                f[5] = 1;
                f[6] = (float)Math.Max(pa, pb);
                f[7] = (float)Math.Min(pa, pb);
                f[8] = (float)(1 - keep);
                f[9] = (float)((1 - ((1 - pa) * (1 - pb))) * keep);
                f[10] = (float)(pa * pb * keep);
                f[11] = (float)Escalation(c, action.First, action.Second).Value;
                f[27] = (float)cascade.Value;
                f[28] = (float)(c.AnswerRate[action.First] * c.AnswerRate[action.Second]);
                break;
            }

            case ActionKind.CallMore:
            {
                double p = c.P[action.First];
                double keep = c.Keep(d.Spent + c.Cost[action.First]);
                f[12] = 1;
                f[13] = (float)p;
                f[14] = (float)(p * keep);
                f[15] = d.AllAgree ? 1 : 0;
                f[16] = (float)d.ReplyBest;
                f[17] = (float)(p - d.ReplyBest);
                f[18] = c.Called.Count == 1 ? 1 : 0;
                f[31] = (float)(c.EscalationP(action.First) * keep);
                break;
            }

            case ActionKind.Select:
            {
                double p = c.P[c.Called[action.First]];
                double share = c.Called.Count > 1 ? c.AgreeingWith(action.First) / (double)(c.Called.Count - 1) : 0;
                double keep = c.Keep(d.Spent);
                double posterior = c.Posterior(action.First);
                f[19] = 1;
                f[20] = (float)p;
                f[21] = (float)share;
                f[22] = d.AllAgree ? 1 : 0;
                f[23] = c.Answers[action.First] is null ? 1 : 0;
                f[24] = (float)(p - d.ReplyBest);
                f[25] = (float)(p * keep);
                f[26] = (float)(share * keep);
                f[29] = (float)posterior;
                f[30] = (float)(posterior * keep);
                break;
            }

            case ActionKind.AnswerDirectly:
                // A single call that nothing can follow: the single call's features, and its own offset.
                SingleCall(f, c, c.DirectP, c.DirectCost, d.PoolBest);
                f[32] = 1;
                break;
        }
    }

    private static void WriteCounted(Span<float> f, DecisionContext c, CandidateAction action, DecisionSummary d, CascadePlan cascade)
    {
        switch (action.Kind)
        {
            case ActionKind.CallOne:
                f[36] = (float)((c.Pairs.ObservedRight(action.First) ?? c.P[action.First]) * c.Keep(c.Cost[action.First]));
                break;

            case ActionKind.CallPair:
                f[33] = (float)cascade.Value;
                break;

            case ActionKind.CallMore:
                f[34] = (float)(c.ObservedEscalationP(action.First) * c.Keep(d.Spent + c.Cost[action.First]));
                break;

            case ActionKind.Select:
                f[35] = (float)(c.ObservedPosterior(action.First) * c.Keep(d.Spent));
                break;

            case ActionKind.AnswerDirectly:
                f[36] = (float)(c.DirectObservedP * c.Keep(c.DirectCost));
                f[37] = 1;
                break;
        }
    }

    private static void SingleCall(Span<float> f, DecisionContext c, double p, double cost, double poolBest)
    {
        double keep = c.Keep(cost);
        f[0] = 1;
        f[1] = (float)p;
        f[2] = (float)(1 - keep);
        f[3] = (float)(p * keep);
        f[4] = (float)(p - poolBest);
    }

    // The best value of calling a third model after the pair, and that model (-1: none): at its estimate, or, once the
    // pair disagreed, at its lifted chance on that harder query.
    private static (double Value, int Model) Escalation(DecisionContext c, int a, int b, bool afterDisagreement = false)
    {
        double pairCost = c.Cost[a] + c.Cost[b];
        (double Value, int Model) best = (0, -1);
        for (int s = 0; s < c.PoolSize; s++)
        {
            if (s != a && s != b)
            {
                double p = afterDisagreement ? c.LiftedP(s) : c.P[s];
                double value = p * c.Keep(pairCost + c.Cost[s]);
                if (value > best.Value)
                {
                    best = (value, s);
                }
            }
        }

        return best;
    }

    // A cascade through the pair: agreeing replies are selected; on disagreement the better of selecting a reply and
    // calling the best third model.
    private static CascadePlan Cascade(DecisionContext c, int a, int b)
    {
        var outlook = c.Outlook(a, b);
        double pairCost = c.Cost[a] + c.Cost[b];
        double keep = c.Keep(pairCost);
        double select = Math.Max(outlook.FirstRightMass, outlook.SecondRightMass) * keep;
        var (escalation, third) = Escalation(c, a, b, afterDisagreement: true);
        return Plan(outlook.AgreeRightMass * keep, select, (1 - outlook.Agree) * escalation, third, outlook.Agree, c, pairCost);
    }

    // The same cascade valued by what it did on the training queries of the request's task: agreeing replies selected;
    // on disagreement the better of selecting a reply and calling the third model that was right most often there.
    // Without counts (no task training saw), the modelled value.
    private static CascadePlan ObservedCascade(DecisionContext c, int a, int b)
    {
        if (c.Pairs.Observed(a, b) is not ObservedPair pair)
        {
            return Cascade(c, a, b);
        }

        var outlook = DecisionContext.Outlook(pair);

        double pairCost = c.Cost[a] + c.Cost[b];
        double keep = c.Keep(pairCost);
        double select = Math.Max(outlook.FirstRightMass, outlook.SecondRightMass) * keep;
        (double Value, int Model) escalation = (0, -1);
        for (int s = 0; s < c.PoolSize; s++)
        {
            if (s != a && s != b)
            {
                double right = pair.EscalationRight(s) ?? ((1 - outlook.Agree) * c.LiftedP(s));
                double value = right * c.Keep(pairCost + c.Cost[s]);
                if (value > escalation.Value)
                {
                    escalation = (value, s);
                }
            }
        }

        return Plan(outlook.AgreeRightMass * keep, select, escalation.Value, escalation.Model, outlook.Agree, c, pairCost);
    }

    // On disagreement the cascade escalates only when that is worth more than selecting; only then does it plan the third call.
    private static CascadePlan Plan(double agreed, double select, double escalation, int third, double agree, DecisionContext c, double pairCost) =>
        escalation > select && third >= 0
            ? new CascadePlan(agreed + escalation, pairCost + ((1 - agree) * c.Cost[third]))
            : new CascadePlan(agreed + select, pairCost);

    /// <summary>A cascade's value and what it is expected to cost, its planned third call included.</summary>
    private readonly record struct CascadePlan(double Value, double ExpectedCost);
}

/// <summary>What every candidate of one decision is described against: computed once per decision.</summary>
internal readonly struct DecisionSummary
{
    public DecisionSummary(DecisionContext c)
    {
        Counted = c.Pairs.HasCounts;
        Spent = c.SpentEstimate();
        PoolBest = Math.Max(c.PoolSize == 0 ? 0 : c.P.Max(), c.HasDirect ? c.DirectP : 0);
        ReplyBest = c.Called.Count == 0 ? 0 : c.Called.Max(m => c.P[m]);
        AllAgree = c.AllAgree;
    }

    /// <summary>Whether the decision is described by the counted features (its task is known) rather than the modelled ones.</summary>
    public bool Counted { get; }

    /// <summary>The estimated cost of the calls made so far.</summary>
    public double Spent { get; }

    /// <summary>The best success estimate in the pool (the direct-answer model included).</summary>
    public double PoolBest { get; }

    /// <summary>The best success estimate among the models called.</summary>
    public double ReplyBest { get; }

    /// <summary>Whether two or more replies state one answer.</summary>
    public bool AllAgree { get; }
}

namespace XRouter.Policy.Evaluation;

/// <summary>How a routed query ended, for the decision mix of a report.</summary>
public enum DecisionKind
{
    /// <summary>The router answered without calling a model.</summary>
    Direct,

    /// <summary>Exactly one model was called and its reply (or a synthesis of it) was the answer.</summary>
    Single,

    /// <summary>Several models were called and the router synthesized an answer from their replies.</summary>
    MultiCall,

    /// <summary>Several models were called and one reply was selected verbatim.</summary>
    Select,
}

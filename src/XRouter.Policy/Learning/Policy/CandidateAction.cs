namespace XRouter.Policy.Learning.Policy;

/// <summary>A step the learned policy may take: call one or two pool models, select the reply of a called one, or answer directly.</summary>
/// <param name="Kind">What the step does.</param>
/// <param name="First">The pool index of the (first) model called, or the index into the replies when selecting.</param>
/// <param name="Second">The second model of a pair call, or -1.</param>
internal readonly record struct CandidateAction(ActionKind Kind, int First, int Second = -1);

/// <summary>The kinds of step.</summary>
internal enum ActionKind
{
    /// <summary>First turn: call one model.</summary>
    CallOne,

    /// <summary>First turn: call two models together.</summary>
    CallPair,

    /// <summary>After replies: call one more model.</summary>
    CallMore,

    /// <summary>After replies: end with one of them.</summary>
    Select,

    /// <summary>First turn: end with the designated direct-answer model's answer.</summary>
    AnswerDirectly,
}

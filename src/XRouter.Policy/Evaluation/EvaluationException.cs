namespace XRouter.Policy.Evaluation;

/// <summary>An evaluation cannot proceed: a policy misbehaved, a cost is unknown, or a required input is missing.</summary>
public sealed class EvaluationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EvaluationException()
    {
    }

    /// <summary>Creates the exception with a message that names the problem.</summary>
    public EvaluationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public EvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

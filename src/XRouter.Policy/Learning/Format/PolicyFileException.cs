namespace XRouter.Policy.Learning.Format;

/// <summary>A policy file cannot be read: it is missing, not a policy file, of another format version, or damaged.</summary>
public sealed class PolicyFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PolicyFileException()
    {
    }

    /// <summary>Creates the exception with a message naming the problem.</summary>
    public PolicyFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public PolicyFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

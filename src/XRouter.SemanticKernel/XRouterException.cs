namespace XRouter.SemanticKernel;

/// <summary>A routed request could not be completed; the message says why.</summary>
public sealed class XRouterException : Exception
{
    /// <summary>Creates the exception.</summary>
    public XRouterException()
    {
    }

    /// <summary>Creates the exception with a message that names the problem.</summary>
    public XRouterException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public XRouterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

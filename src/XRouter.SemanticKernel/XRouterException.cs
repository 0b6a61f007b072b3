using XRouter.SemanticKernel.Ledger;

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

    /// <summary>The priced calls the request made before it failed, so that a failed request's spend is known too.</summary>
    public IReadOnlyList<CallRecord> Calls { get; init; } = [];

    /// <summary>Creates the exception with a message and its cause.</summary>
    public XRouterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

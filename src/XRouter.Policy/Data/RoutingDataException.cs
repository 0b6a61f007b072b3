namespace XRouter.Policy.Data;

/// <summary>Routing data is malformed; the message names the file, the line and the field.</summary>
public sealed class RoutingDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RoutingDataException()
    {
    }

    /// <summary>Creates the exception with a message that names the problem.</summary>
    public RoutingDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RoutingDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

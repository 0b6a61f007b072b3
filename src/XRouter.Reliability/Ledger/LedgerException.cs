namespace XRouter.Reliability.Ledger;

/// <summary>A ledger operation was asked for something the ledger cannot do, such as scoring a request it never stored.</summary>
public sealed class LedgerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LedgerException()
    {
    }

    /// <summary>Creates the exception with a message that names the problem.</summary>
    public LedgerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure beneath it.</summary>
    public LedgerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace XRouter.Policy.Catalog;

/// <summary>A catalog is invalid, or a model or its price is not in it.</summary>
public sealed class CatalogException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CatalogException()
    {
    }

    /// <summary>Creates the exception with a message that names the problem.</summary>
    public CatalogException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public CatalogException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

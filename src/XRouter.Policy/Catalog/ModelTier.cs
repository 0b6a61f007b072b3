namespace XRouter.Policy.Catalog;

/// <summary>The quality and price band a model is advertised in to the router.</summary>
public enum ModelTier
{
    /// <summary>No tier was given.</summary>
    Unspecified = 0,

    /// <summary>The strongest and most expensive models.</summary>
    Premium,

    /// <summary>Capable general-purpose models at a middle price.</summary>
    Standard,

    /// <summary>Cheap, fast models for easy work.</summary>
    Budget,

    /// <summary>Models tuned for one kind of work, such as reasoning or code.</summary>
    Specialized,
}

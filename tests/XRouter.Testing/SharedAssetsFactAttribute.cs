using Xunit;

namespace XRouter.Testing;

/// <summary>A fact that needs <c>../shared</c>; it is skipped, with the reason, when the folder is absent.</summary>
public sealed class SharedAssetsFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute and decides whether the test can run here.</summary>
    public SharedAssetsFactAttribute()
    {
        if (SharedAssets.Root is null)
        {
            Skip = SharedAssets.MissingMessage;
        }
    }
}

/// <summary>A theory that needs <c>../shared</c>; it is skipped, with the reason, when the folder is absent.</summary>
public sealed class SharedAssetsTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute and decides whether the test can run here.</summary>
    public SharedAssetsTheoryAttribute()
    {
        if (SharedAssets.Root is null)
        {
            Skip = SharedAssets.MissingMessage;
        }
    }
}

namespace XRouter.Testing;

/// <summary>
/// Locates the read-only <c>../shared</c> folder (datasets and model fixtures) beside the repository root.
/// A user's clone has no such folder, so tests that need it skip with a message that says where it was looked for.
/// </summary>
public static class SharedAssets
{
    private static readonly Lazy<string?> s_root = new(FindRoot);

    /// <summary>The absolute path of <c>../shared</c>, or null when it is absent.</summary>
    public static string? Root => s_root.Value;

    /// <summary>The message a skipped test shows when <c>../shared</c> is absent.</summary>
    public static string MissingMessage =>
        $"../shared not found beside the repository root (searched upwards from {AppContext.BaseDirectory}); " +
        "the datasets and ONNX fixtures live there. CI always has it.";

    /// <summary>The absolute path of a file or folder inside <c>../shared</c>.</summary>
    /// <exception cref="InvalidOperationException">When <c>../shared</c> is absent.</exception>
    public static string PathOf(params string[] parts) =>
        Path.Combine([Root ?? throw new InvalidOperationException(MissingMessage), .. parts]);

    private static string? FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XRouter.sln")))
            {
                var shared = Path.Combine(dir.FullName, "..", "shared");
                return Directory.Exists(shared) ? Path.GetFullPath(shared) : null;
            }

            dir = dir.Parent;
        }

        return null;
    }
}

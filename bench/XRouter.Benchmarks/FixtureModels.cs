namespace XRouter.Benchmarks;

/// <summary>Finds the ONNX fixtures and datasets in ../shared beside the repository root.</summary>
internal static class FixtureModels
{
    public static string PathOf(string name) => SharedPath("models", name, Directory.Exists);

    public static string DataPath(string name) => SharedPath("data", name, Directory.Exists);

    private static string SharedPath(string kind, string name, Func<string, bool> exists)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XRouter.sln")))
            {
                string folder = Path.Combine(dir.FullName, "..", "shared", kind, name);
                return exists(folder) ? Path.GetFullPath(folder) : throw new DirectoryNotFoundException($"{folder}: the benchmark needs the shared {kind}.");
            }
        }

        throw new DirectoryNotFoundException($"no XRouter.sln above {AppContext.BaseDirectory}.");
    }
}

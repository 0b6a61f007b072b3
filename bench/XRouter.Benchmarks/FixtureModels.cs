namespace XRouter.Benchmarks;

/// <summary>Finds the ONNX fixtures in ../shared/models beside the repository root.</summary>
internal static class FixtureModels
{
    public static string PathOf(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XRouter.sln")))
            {
                string folder = Path.Combine(dir.FullName, "..", "shared", "models", name);
                return Directory.Exists(folder) ? Path.GetFullPath(folder) : throw new DirectoryNotFoundException($"{folder}: the benchmark needs the model fixtures.");
            }
        }

        throw new DirectoryNotFoundException($"no XRouter.sln above {AppContext.BaseDirectory}.");
    }
}

namespace DockerRecord.UnitTests.Support;

/// <summary>The checkout the tests run from (the folder holding DockerRecord.sln).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    /// <summary>A path in ../shared beside the checkout (corpora, tools), whether or not it exists.</summary>
    public static string Shared(params string[] parts) => Path.GetFullPath(Path.Combine([Root, "..", "shared", .. parts]));

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DockerRecord.sln"))) return dir.FullName;
        throw new InvalidOperationException("DockerRecord.sln not found above the test binaries");
    }
}

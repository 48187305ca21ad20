namespace DockerRecord.UnitTests.Support;

/// <summary>The checkout the tests run from (the folder holding DockerRecord.sln).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DockerRecord.sln"))) return dir.FullName;
        throw new InvalidOperationException("DockerRecord.sln not found above the test binaries");
    }
}

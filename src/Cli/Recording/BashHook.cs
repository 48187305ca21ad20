namespace DockerRecord.Cli.Recording;

/// <summary>The bash rc that drec runs the person's shell with (Recording/Hook/drec.bash, embedded).</summary>
internal static class BashHook
{
    public static string Script { get; } = Load();

    static string Load()
    {
        using var stream = typeof(BashHook).Assembly.GetManifestResourceStream("drec.bash")
            ?? throw new InvalidOperationException("the drec.bash resource is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

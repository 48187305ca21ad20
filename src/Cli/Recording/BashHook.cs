namespace DockerRecord.Cli.Recording;

/// <summary>
/// The bash rc file that records an interactive session (Recording/Hook/drec.bash, embedded as the resource
/// <c>drec.bash</c>). The Docker side uploads it as <c>$DREC_DIR/rc</c> and starts <c>bash --rcfile $DREC_DIR/rc -i</c>
/// with <c>DREC_DIR</c> (the session directory, spool <c>$DREC_DIR/events</c>) and <c>DREC_SESSION</c> in the
/// environment; <see cref="SpoolReader"/> parses the spool.
/// </summary>
internal static class BashHook
{
    /// <summary>Name of the embedded resource.</summary>
    public const string ResourceName = "drec.bash";

    /// <summary>The rc file's text (LF line ends, UTF-8).</summary>
    public static string Script { get; } = Load();

    static string Load()
    {
        using var stream = typeof(BashHook).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from {typeof(BashHook).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

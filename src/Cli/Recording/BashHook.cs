using System.Text;

namespace DockerRecord.Cli.Recording;

/// <summary>
/// The bash rc file that records an interactive session (Recording/Hook/drec.bash, embedded as the resource
/// <c>drec.bash</c>). The Docker side uploads it as <c>$DREC_DIR/rc</c> and starts <c>bash --rcfile $DREC_DIR/rc -i</c>
/// with <c>DREC_DIR</c> (the session directory, spool <c>$DREC_DIR/events</c>) and <c>DREC_SESSION</c> in the
/// environment; <see cref="SpoolReader"/> parses the spool. <see cref="ForTrace"/> is the same hook for a bash
/// outside containers, writing a trace itself.
/// </summary>
internal static class BashHook
{
    /// <summary>Name of the embedded resource.</summary>
    public const string ResourceName = "drec.bash";

    /// <summary>Name of the embedded resource that turns the hook's records into trace lines outside containers.</summary>
    public const string TraceResourceName = "drec-trace.bash";

    /// <summary>The rc file's text (LF line ends, UTF-8).</summary>
    public static string Script { get; } = Load(ResourceName);

    /// <summary>The outside-containers part (Recording/Hook/drec-trace.bash).</summary>
    public static string TraceScript { get; } = Load(TraceResourceName);

    /// <summary>
    /// The text that <c>drec hook bash</c> prints: the trace folder and drec's version, the trace writer, then the hook
    /// itself, run only when the trace writer found the shell fit to record (interactive, bash 4.4+, not yet recorded,
    /// session folder made). Aliases are off while the hook's functions are read, as <c>--rcfile</c> gives them.
    /// </summary>
    public static string ForTrace(string traceDirectory, string drecVersion)
    {
        var text = new StringBuilder();
        text.Append("# drec hook for bash (drec ").Append(drecVersion).Append("): records the command lines typed in this shell into\n")
            .Append("# ").Append(traceDirectory.Replace('\n', ' ')).Append('\n')
            .Append("# Use: eval \"$(drec hook bash --trace DIR)\" at the end of ~/.bashrc, or save this output and source it there.\n")
            .Append("__drec_trace=").Append(Quote(traceDirectory)).Append('\n')
            .Append("__drec_dver=").Append(Quote(drecVersion)).Append('\n')
            .Append("if shopt -q expand_aliases; then __drec_ea0=1; else __drec_ea0=0; fi\n")
            .Append("shopt -u expand_aliases\n")
            .Append(TraceScript)
            .Append("if [[ $__drec_go == 1 ]]; then\n")
            .Append(Script)
            .Append("\n__drec_local_begin\nfi\n")
            .Append("(( __drec_ea0 )) && shopt -s expand_aliases\n")
            .Append("unset __drec_ea0 __drec_go\n");
        return text.ToString();
    }

    /// <summary>A bash single-quoted word.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";

    static string Load(string name)
    {
        using var stream = typeof(BashHook).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from {typeof(BashHook).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

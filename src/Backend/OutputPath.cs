using DockerRecord.Frontend.Trace;

namespace DockerRecord.Backend;

/// <summary>
/// Whether a file drec is told to write (<c>-o</c>, the Dockerfile; <c>--diagnostics-output</c>) can be written
/// without harm: it must name a file, not a folder, and must not land inside the trace folder, which drec never
/// writes into. Places are compared by their real paths (links resolved, a part that does not exist yet taken as
/// written), so neither a link to the trace nor a trace reached through one slips by.
/// </summary>
public static class OutputPath
{
    /// <summary>
    /// Why <paramref name="path"/> cannot be written, as one line that names it (<paramref name="option"/> is the
    /// option that gave it, <paramref name="names"/> what it names, e.g. "the Dockerfile to write"); null when it can.
    /// <paramref name="traceDirectory"/> may be missing (nothing to protect then).
    /// </summary>
    public static string? Problem(string option, string path, string? traceDirectory, string names = "the file to write")
    {
        if (path.Length == 0) return $"{option} is empty; {option} names {names}";
        if (Directory.Exists(path) || Path.EndsInDirectorySeparator(path))
            return $"{option} {path} is a directory; {option} names {names}";
        return traceDirectory is not null && InsideTrace(path, traceDirectory) is { } trace
            ? $"{option} {path} is inside the trace folder {trace}, which drec never writes into; choose a place outside it"
            : null;
    }

    /// <summary>
    /// The real path of the trace folder when writing <paramref name="path"/> would land inside it, else null. Both
    /// readings of a path with <c>..</c> count: the system's (up from a link's target) and the text's (the build
    /// context's folder is the path's folder as written).
    /// </summary>
    public static string? InsideTrace(string path, string traceDirectory) =>
        RealPath.Of(traceDirectory) is { } trace
        && (RealPath.IsInside(RealPath.Where(path), trace) || RealPath.IsInside(RealPath.Where(Path.GetFullPath(path)), trace))
            ? trace
            : null;
}

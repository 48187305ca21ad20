namespace DockerRecord.Frontend.Trace;

/// <summary>The one-line reason a file could not be read, for a diagnostic that names the file already.</summary>
public static class IoFailure
{
    /// <summary>True for the exceptions reading a file raises when the file, not drec, is at fault.</summary>
    public static bool IsReadFailure(Exception e) => e is IOException or UnauthorizedAccessException;

    /// <summary>The system's reason without the path (<c>Input/output error : '/x'</c> → <c>Input/output error</c>).</summary>
    public static string Reason(Exception e, string path) =>
        e is UnauthorizedAccessException ? "permission denied" : TraceReader.FirstSentence(e.Message).Replace($" : '{path}'", "");
}

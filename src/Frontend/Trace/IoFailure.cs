namespace DockerRecord.Frontend.Trace;

/// <summary>The one-line reason a file could not be read, for a diagnostic that names the file already.</summary>
public static class IoFailure
{
    /// <summary>True for the exceptions reading a file raises when the file, not drec, is at fault.</summary>
    public static bool IsReadFailure(Exception e) => e is IOException or UnauthorizedAccessException;

    /// <summary>The system's reason without the path (<c>Input/output error : '/x'</c> → <c>Input/output error</c>).</summary>
    public static string Reason(Exception e, string path) =>
        e is UnauthorizedAccessException ? "permission denied" : TraceReader.FirstSentence(e.Message).Replace($" : '{path}'", "");

    /// <summary>
    /// For a path <see cref="File.Exists(string)"/> does not find: why it cannot be seen when that is not because it is
    /// missing (the folder it is in may not be looked into: permission denied); null when it is missing.
    /// </summary>
    public static string? WhyUnseen(string path)
    {
        try
        {
            File.GetAttributes(path); // no open: a FIFO stays unopened
            return null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            return Reason(e, path);
        }
    }
}

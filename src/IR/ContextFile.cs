namespace DockerRecord.IR;

/// <summary>
/// A file drec writes into the build context for a COPY. Its bytes come either from a blob the recorder captured
/// (<see cref="BlobPath"/>, a file inside the trace) or from text drec produced (<see cref="Text"/>, e.g. a typed
/// here-document). <see cref="Path"/> is relative to the context folder and never leaves it.
/// </summary>
public sealed record ContextFile(string Path, string? BlobPath, string? Text, Provenance Source)
{
    /// <summary>
    /// Permission bits the file gets in the context (COPY keeps them, so no <c>--chmod</c>, which engine 20.10's
    /// classic builder refuses, is needed); null is 0644.
    /// </summary>
    public int? Mode { get; init; }

    public static ContextFile FromBlob(string path, string blobPath, Provenance source) => new(path, blobPath, null, source);

    public static ContextFile FromText(string path, string text, Provenance source) => new(path, null, text, source);
}

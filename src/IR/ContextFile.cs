using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.IR;

/// <summary>
/// A file drec writes into the build context for a COPY. Its bytes come either from a blob the recorder captured
/// (<see cref="BlobPath"/>: the real path of a regular file inside the trace, as the files pass checked it) or from
/// text drec produced (<see cref="Text"/>, e.g. a typed
/// here-document). <see cref="Path"/> is relative to the context folder and never leaves it.
/// </summary>
public sealed record ContextFile(string Path, string? BlobPath, string? Text, Provenance Source)
{
    /// <summary>
    /// Permission bits the file gets in the context (COPY keeps them, so no <c>--chmod</c>, which engine 20.10's
    /// classic builder refuses, is needed); null is 0644.
    /// </summary>
    public int? Mode { get; init; }

    /// <summary>
    /// The size the blob had when the files pass checked it (its recorded size): what reading it may return, so a
    /// file changed since, or a device put in its place, is never read past it.
    /// </summary>
    public long BlobSize { get; init; }

    /// <summary>The files.jsonl line that named the blob, for a diagnostic about its content.</summary>
    public TraceFileLine? CaptureRecord { get; init; }

    public static ContextFile FromBlob(string path, string blobPath, long size, TraceFileLine record, Provenance source) =>
        new(path, blobPath, null, source) { BlobSize = size, CaptureRecord = record };

    public static ContextFile FromText(string path, string text, Provenance source) => new(path, null, text, source);
}

using DockerRecord.Frontend.Trace;
using DockerRecord.IR;

namespace DockerRecord.Passes.Files;

/// <summary>
/// Decides whether the content a files.jsonl record names may go into the build context. It may only when it is a
/// regular file whose real path (every link on the way resolved) is inside the real trace folder, and holds the
/// size and SHA-256 the record gives: a link or a folder of the trace pointing elsewhere would put a file from
/// outside the trace into the build context, a FIFO or a device reads as nothing or never ends, and content that is
/// not what was recorded is not what the person saved.
/// </summary>
/// <remarks>
/// One instance per compile: each session's trace folder is resolved once. Per capture it costs a few system calls
/// and one read of the content (only when the record has a hash), which the page cache keeps for the later reads.
/// </remarks>
sealed class CaptureCheck(long maxSize)
{
    readonly Dictionary<string, (string? Real, string? Why)> _traceFolders = new(StringComparer.Ordinal);
    // the same content saved again (by another editor save, or found again at session end) is checked once
    readonly Dictionary<(string Blob, long Size, string? Sha256), Verdict> _checked = [];

    /// <summary>What the check found: the content's real path, or why it is not used.</summary>
    public readonly record struct Verdict(string? RealPath, string? Problem, bool LeavesTrace)
    {
        public static Verdict Use(string realPath) => new(realPath, null, false);

        public static Verdict Refuse(string why) => new(null, why, false);

        public static Verdict Outside(string why) => new(null, why, true);
    }

    /// <summary>Checks the content of <paramref name="file"/>, a regular file's record whose blob is <paramref name="blob"/>.</summary>
    public Verdict Check(SessionTrace session, CapturedFile file, string blob)
    {
        var key = (Path.Combine(session.Directory, blob), file.Size, file.Sha256);
        if (!_checked.TryGetValue(key, out var verdict)) _checked[key] = verdict = CheckOnce(session, file, blob);
        return verdict;
    }

    Verdict CheckOnce(SessionTrace session, CapturedFile file, string blob)
    {
        if (!ContainerPaths.IsContained(blob))
            return Verdict.Outside($"its content `{blob}` would be read from outside the session folder");
        if (file.Size > maxSize) return Verdict.Refuse($"it is larger than {maxSize} bytes");

        var traceFolder = TraceFolder(session.Directory);
        if (traceFolder.Real is not { } traceReal)
            return Verdict.Refuse($"its content `{blob}` cannot be read: the trace folder cannot be resolved: {traceFolder.Why}");
        var lexical = Path.Combine(session.Directory, blob);
        if (RealPath.Of(lexical, out var why, out var missing) is not { } real)
        {
            // a folder of the blob's path that is a link out of the trace: what is missing is not in the trace anyway
            if (missing && RealPath.Where(lexical) is var target && !RealPath.IsInside(target, traceReal))
                return Verdict.Outside($"its content `{blob}` leads to `{target}`, outside the trace folder");
            return Verdict.Refuse(missing ? $"its content `{blob}` is missing from the trace" : $"its content `{blob}` cannot be read: {why}");
        }
        if (!RealPath.IsInside(real, traceReal) || real == traceReal)
            return Verdict.Outside($"its content `{blob}` leads to `{real}`, outside the trace folder");

        if (Directory.Exists(real)) return Verdict.Refuse($"its content `{blob}` is a folder, not a regular file");
        if (SpecialFile.KindAt(real) is { } kind) return Verdict.Refuse($"its content `{blob}` is {kind}, not a regular file");
        var length = new FileInfo(real).Length;
        if (length > maxSize) return Verdict.Refuse($"it is larger than {maxSize} bytes");
        if (length != file.Size)
            return Verdict.Refuse($"its content `{blob}` is {Bytes(length)}, not the {Bytes(file.Size)} its record gives (the trace was changed since)");
        if (file.Sha256 is not { } sha) return Verdict.Use(real);
        try
        {
            return CapturedContent.Matches(real, file.Size, sha)
                ? Verdict.Use(real)
                : Verdict.Refuse($"its content `{blob}` does not have the sha256 its record gives (the trace was changed since)");
        }
        catch (Exception e) when (IoFailure.IsReadFailure(e))
        {
            return Verdict.Refuse($"its content `{blob}` cannot be read: {IoFailure.Reason(e, real)}");
        }
    }

    /// <summary>The real path of the trace folder a session folder is in (the trace may be reached through a link).</summary>
    (string? Real, string? Why) TraceFolder(string sessionDirectory)
    {
        if (_traceFolders.TryGetValue(sessionDirectory, out var known)) return known;
        var folder = Path.GetDirectoryName(Path.GetFullPath(sessionDirectory)) ?? sessionDirectory;
        var real = RealPath.Of(folder, out var why, out _);
        return _traceFolders[sessionDirectory] = (real, why);
    }

    static string Bytes(long count) => count == 1 ? "1 byte" : $"{count} bytes";
}

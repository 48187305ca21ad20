using DockerRecord.Frontend.Trace;

namespace DockerRecord.IR;

/// <summary>
/// Reads the content the recorder captured for a file (a blob in the trace, <see cref="ContextFile.BlobPath"/>). An
/// empty blob is never opened (<see cref="EmptyFile"/>).
/// </summary>
public static class CapturedContent
{
    public static byte[] Read(string blobPath) => EmptyFile.Is(blobPath) ? [] : File.ReadAllBytes(blobPath);

    /// <summary>Copies the blob to <paramref name="target"/>, replacing it.</summary>
    public static void CopyTo(string blobPath, string target)
    {
        if (EmptyFile.Is(blobPath)) File.WriteAllBytes(target, []);
        else File.Copy(blobPath, target, overwrite: true);
    }

    /// <summary>Why the blob cannot be read (one line, e.g. "permission denied"); null when its first byte reads.</summary>
    public static string? WhyUnreadable(string blobPath)
    {
        if (EmptyFile.Is(blobPath)) return null;
        try
        {
            using var handle = File.OpenHandle(blobPath);
            RandomAccess.Read(handle, stackalloc byte[1], 0);
            return null;
        }
        catch (Exception e) when (IoFailure.IsReadFailure(e))
        {
            return IoFailure.Reason(e, blobPath);
        }
    }
}

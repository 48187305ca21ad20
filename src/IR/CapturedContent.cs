using System.Buffers;
using System.Security.Cryptography;
using DockerRecord.Frontend.Trace;

namespace DockerRecord.IR;

/// <summary>
/// Reads the content the recorder captured for a file (a blob in the trace, <see cref="ContextFile.BlobPath"/>), never
/// past the size it was checked to have: a file that grew, or a device put in its place since (<c>/dev/zero</c> never
/// ends), is an <see cref="IOException"/>, not a read that fills the memory. An empty blob is never opened
/// (<see cref="EmptyFile"/>).
/// </summary>
public static class CapturedContent
{
    /// <summary>The blob's bytes, exactly <paramref name="size"/> of them.</summary>
    public static byte[] Read(string blobPath, long size)
    {
        if (size == 0) return EmptyFile.Is(blobPath) ? [] : throw Changed(blobPath, size);
        if (size > Array.MaxLength) throw Changed(blobPath, size);
        using var handle = File.OpenHandle(blobPath);
        var bytes = new byte[size];
        var read = 0;
        while (read < bytes.Length && RandomAccess.Read(handle, bytes.AsSpan(read), read) is var count and > 0) read += count;
        if (read != size || RandomAccess.Read(handle, stackalloc byte[1], size) != 0) throw Changed(blobPath, size);
        return bytes;
    }

    /// <summary>Copies the blob to <paramref name="target"/>, replacing it.</summary>
    public static void CopyTo(string blobPath, long size, string target) => File.WriteAllBytes(target, Read(blobPath, size));

    /// <summary>
    /// Whether the blob holds <paramref name="size"/> bytes whose SHA-256 is <paramref name="sha256"/> (hex): read
    /// once, a piece at a time, and never past one byte more than the size. Read failures are exceptions.
    /// </summary>
    public static bool Matches(string blobPath, long size, string sha256)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (size > 0 || !EmptyFile.Is(blobPath))
        {
            using var handle = File.OpenHandle(blobPath);
            // one pooled buffer for every capture of a long trace, not one the size of each
            var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
            try
            {
                long offset = 0;
                while (offset <= size && RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, size + 1 - offset)), offset) is var count and > 0)
                {
                    hash.AppendData(buffer, 0, count);
                    offset += count;
                }
                if (offset != size) return false;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest).Equals(sha256, StringComparison.OrdinalIgnoreCase);
    }

    static IOException Changed(string blobPath, long size) =>
        new($"it no longer holds the {size} bytes it was checked to have");
}

using System.Formats.Tar;
using System.Security.Cryptography;

namespace DockerRecord.Cli.Verify;

/// <summary>One entry of a filesystem tar (an image layer or a container export), read as a <see cref="FileState"/>.</summary>
sealed record TarFileEntry(string Path, FileState State);

/// <summary>
/// Reads filesystem tars as the engine writes them (image layers, container exports): paths made absolute
/// (<c>/etc/passwd</c>), a hard link given the content of the file it links to, file contents hashed as they stream.
/// </summary>
static class TarSnapshot
{
    /// <summary>The absolute form of a tar entry name: <c>./etc/x/</c> → <c>/etc/x</c>; the root is <c>/</c>.</summary>
    public static string Normalize(string name)
    {
        var trimmed = name.Replace('\\', '/').TrimEnd('/');
        if (trimmed.StartsWith("./", StringComparison.Ordinal)) trimmed = trimmed[2..];
        else if (trimmed == ".") trimmed = "";
        return "/" + trimmed.TrimStart('/');
    }

    /// <summary>
    /// Every entry of the tar, in order. <paramref name="wanted"/> limits the entries returned (the rest are skipped
    /// unhashed); a hard link needs its target hashed, so while reading a filter, targets that are not wanted are
    /// hashed only when they are small enough to remember cheaply.
    /// </summary>
    public static IEnumerable<TarFileEntry> Read(Stream tar, Func<string, bool>? wanted = null)
    {
        using var reader = new TarReader(tar, leaveOpen: true);
        var hashes = new Dictionary<string, (string Hash, long Size)>(StringComparer.Ordinal);
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            var path = Normalize(entry.Name);
            var kind = FileState.KindOf(entry.EntryType);
            var isWanted = wanted is null || wanted(path);
            string? hash = null;
            long size = 0;
            if (entry.EntryType == TarEntryType.HardLink)
            {
                if (!isWanted) continue;
                hashes.TryGetValue(Normalize(entry.LinkName), out var target);
                (hash, size) = target;
            }
            else if (kind == FileKind.File && (isWanted || wanted is not null && entry.Length <= 1 << 16))
            {
                (hash, size) = DatedContent.Applies(path, entry.Length) ? HashWithoutDays(entry.DataStream) : Hash(entry.DataStream);
                hashes[path] = (hash, size);
            }
            if (!isWanted) continue;
            var link = kind == FileKind.Symlink ? entry.LinkName : null;
            yield return new TarFileEntry(path, new FileState(kind, (int)entry.Mode, entry.Uid, entry.Gid, size, hash, link));
        }
    }

    static (string Hash, long Size) HashWithoutDays(Stream? data)
    {
        if (data is null) return Hash(null);
        using var content = new MemoryStream();
        data.CopyTo(content);
        return (Convert.ToHexStringLower(SHA256.HashData(DatedContent.WithoutDays(content.GetBuffer().AsSpan(0, (int)content.Length)))), content.Length);
    }

    static (string Hash, long Size) Hash(Stream? data)
    {
        if (data is null) return (Convert.ToHexStringLower(SHA256.HashData(ReadOnlySpan<byte>.Empty)), 0);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = data.Read(buffer, 0, buffer.Length)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            size += read;
        }
        return (Convert.ToHexStringLower(sha.GetHashAndReset()), size);
    }
}

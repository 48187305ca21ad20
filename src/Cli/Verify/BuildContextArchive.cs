using System.Formats.Tar;

namespace DockerRecord.Cli.Verify;

/// <summary>
/// The build context as the engine receives it: a tar of the folder without what <c>.dockerignore</c> leaves out. The
/// Dockerfile and the <c>.dockerignore</c> itself are always sent, as the docker client does (drec's
/// <c>.dockerignore</c> starts with <c>*</c>). Written to a temporary file that is deleted when the stream closes.
/// </summary>
/// <remarks>
/// GNU format, not PAX: .NET's PAX writer puts an extended header before every entry, and BuildKit decides whether a
/// request body is a tar from its first header alone, so it would read a PAX tar as a Dockerfile.
/// </remarks>
static class BuildContextArchive
{
    public static Stream Create(string folder, string dockerfileName)
    {
        var ignore = DockerIgnore.Load(folder);
        var tarPath = Path.Combine(Path.GetTempPath(), $"drec-verify-context-{Guid.NewGuid():N}.tar");
        var stream = new FileStream(tarPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        using (var writer = new TarWriter(stream, TarEntryFormat.Gnu, leaveOpen: true))
        {
            foreach (var relative in Entries(folder, ignore, dockerfileName))
                writer.WriteEntry(Path.Combine(folder, relative), relative);
        }
        stream.Position = 0;
        return stream;
    }

    /// <summary>The context-relative paths sent, in a stable order, each folder before what it holds.</summary>
    public static IEnumerable<string> Entries(string folder, DockerIgnore ignore, string dockerfileName)
    {
        var always = new HashSet<string>(StringComparer.Ordinal) { dockerfileName, ".dockerignore" };
        var sent = new SortedSet<string>(StringComparer.Ordinal);
        Walk(folder, "", ignore, always, sent);
        return sent;
    }

    static void Walk(string folder, string prefix, DockerIgnore ignore, HashSet<string> always, SortedSet<string> sent)
    {
        var directory = new DirectoryInfo(Path.Combine(folder, prefix));
        foreach (var entry in directory.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var relative = prefix.Length == 0 ? entry.Name : prefix + "/" + entry.Name;
            var excluded = ignore.IsExcluded(relative) && !always.Contains(relative);
            var isFolder = entry is DirectoryInfo && entry.LinkTarget is null;
            if (isFolder)
            {
                if (excluded && !ignore.HasExceptions) continue;
                if (!excluded) sent.Add(relative);
                Walk(folder, relative, ignore, always, sent);
            }
            else if (!excluded)
            {
                AddWithParents(relative, sent);
            }
        }
    }

    /// <summary>A file brought back by <c>!</c> inside an ignored folder still needs its folders in the tar.</summary>
    static void AddWithParents(string relative, SortedSet<string> sent)
    {
        for (var slash = relative.IndexOf('/'); slash > 0; slash = relative.IndexOf('/', slash + 1))
            sent.Add(relative[..slash]);
        sent.Add(relative);
    }
}

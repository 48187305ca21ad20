using System.Text;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;

namespace DockerRecord.Backend;

/// <summary>
/// Writes a compiled program to a folder: the Dockerfile, the context files its COPYs need, and a .dockerignore
/// that sends only those files to the engine. The context files drec wrote before are removed first (they are
/// listed in <see cref="ManifestName"/>), so a stale file never reaches a build; nothing else in the folder is touched.
/// <para>
/// Nothing is written outside the folder: a context path must be relative without <c>..</c>, no folder on the way
/// may be a symbolic link (it could point anywhere), and a captured blob that is itself a link is refused. Each file
/// gets its captured mode (0644 when none), which COPY keeps. A captured blob is read no further than the size it was
/// checked to have.
/// </para>
/// <para>
/// Nothing is written or removed inside the trace folder, when one is given: the folder may be the trace's parent
/// (<c>drec record --replay</c> writes ./Dockerfile beside ./demo.drec), and then the .dockerignore keeps the trace
/// out of the build context (it ignores everything but the context files), but a context folder named like the
/// trace, a link, or a hand-edited list of earlier files could still lead into it. Every place is checked before the
/// first file is written.
/// </para>
/// </summary>
public static class BuildContextWriter
{
    /// <summary>The list of context files drec wrote, kept so the next compile can remove them.</summary>
    public const string ManifestName = ".drec-context";

    const string DockerIgnoreName = ".dockerignore";

    public static void Write(string dockerfilePath, string dockerfile, ImageProgram program, string? traceDirectory = null)
    {
        if (OutputPath.Problem("the Dockerfile path", dockerfilePath, null) is { } unusable) throw new InvalidOperationException(unusable);
        var folder = Path.GetDirectoryName(Path.GetFullPath(dockerfilePath))!;
        var trace = traceDirectory is null ? null : RealPath.Of(traceDirectory);
        if (trace is not null) RefuseWritingInto(trace, folder, dockerfilePath, program);
        Directory.CreateDirectory(folder);
        RemovePreviousContext(folder, trace);

        var written = new List<string>();
        foreach (var file in program.ContextFiles.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var target = ContextPath(folder, file.Path);
            CreateFolders(folder, Path.GetDirectoryName(target)!);
            if (new FileInfo(target).LinkTarget is not null) File.Delete(target);
            if (Directory.Exists(target)) throw new InvalidOperationException($"a folder is where the context file {file.Path} goes");
            if (file.BlobPath is { } blob)
            {
                if (new FileInfo(blob).LinkTarget is not null)
                    throw new InvalidOperationException($"context file {file.Path}: its captured content {blob} is a symbolic link");
                CapturedContent.CopyTo(blob, file.BlobSize, target);
            }
            else File.WriteAllText(target, file.Text ?? "", new UTF8Encoding(false));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, (UnixFileMode)((file.Mode ?? DefaultMode) & 0xFFF));
            written.Add(file.Path);
        }
        File.WriteAllLines(Path.Combine(folder, ManifestName), written);
        File.WriteAllText(Path.Combine(folder, DockerIgnoreName), DockerIgnore(written, Path.GetFileName(dockerfilePath)));
        File.WriteAllText(dockerfilePath, dockerfile, new UTF8Encoding(false));
    }

    /// <summary>Everything is ignored except the files the COPYs name: the build sends only what it needs.</summary>
    static string DockerIgnore(List<string> files, string dockerfileName)
    {
        var text = new StringBuilder("# written by drec compile: only the files the Dockerfile copies are sent to the engine\n*\n");
        foreach (var file in files) text.Append('!').Append(file).Append('\n');
        return text.ToString();
    }

    /// <summary>Refuses, before anything is written, a file of the output that would land inside the trace folder.</summary>
    static void RefuseWritingInto(string trace, string folder, string dockerfilePath, ImageProgram program)
    {
        foreach (var own in (string[])[dockerfilePath, Path.Combine(folder, ManifestName), Path.Combine(folder, DockerIgnoreName)])
            if (RealPath.IsInside(RealPath.Where(own), trace))
                throw new InvalidOperationException($"{own} is inside the trace folder {trace}, which drec never writes into");
        var realFolder = RealPath.Where(folder);
        foreach (var file in program.ContextFiles)
            if (RealPath.IsInside(Path.Combine(realFolder, file.Path), trace))
                throw new InvalidOperationException($"context file {file.Path} would be written inside the trace folder {trace}, which drec never writes into");
    }

    static void RemovePreviousContext(string folder, string? trace)
    {
        var manifest = Path.Combine(folder, ManifestName);
        if (!File.Exists(manifest)) return;
        var realFolder = trace is null ? folder : RealPath.Where(folder);
        foreach (var line in File.ReadAllLines(manifest).Where(l => l.Length > 0))
        {
            // a manifest edited by hand, or a folder replaced by a link since, must not delete anything outside
            string path;
            try
            {
                path = ContextPath(folder, line);
            }
            catch (InvalidOperationException)
            {
                continue;
            }
            // nor anything of the trace, whatever the list says
            if (trace is not null && RealPath.IsInside(Path.Combine(realFolder, line), trace)) continue;
            if (File.Exists(path) && !ThroughLink(folder, path)) File.Delete(path);
        }
    }

    const int DefaultMode = 0x1A4; // 0644

    static bool ThroughLink(string root, string path)
    {
        for (var current = Path.GetDirectoryName(path); current is not null && current.Length > root.Length; current = Path.GetDirectoryName(current))
            if (new DirectoryInfo(current).LinkTarget is not null) return true;
        return false;
    }

    /// <summary>Creates the folders from <paramref name="root"/> down to <paramref name="folder"/>, refusing any that is a link.</summary>
    static void CreateFolders(string root, string folder)
    {
        var current = root;
        foreach (var segment in Path.GetRelativePath(root, folder).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".") continue;
            current = Path.Combine(current, segment);
            if (new DirectoryInfo(current) is { Exists: true, LinkTarget: not null } || new FileInfo(current) is { Exists: true, LinkTarget: not null })
                throw new InvalidOperationException($"context folder {Path.GetRelativePath(root, current)} is a symbolic link");
            if (File.Exists(current)) throw new InvalidOperationException($"a file is where the context folder {Path.GetRelativePath(root, current)} goes");
            Directory.CreateDirectory(current);
        }
    }

    /// <summary>The file's place in the folder; a path that would leave the folder is refused.</summary>
    static string ContextPath(string folder, string relative)
    {
        if (relative.Split('/').Any(segment => segment is "" or "." or "..") || Path.IsPathRooted(relative))
            throw new InvalidOperationException($"context path {relative} is not a plain relative path");
        var full = Path.GetFullPath(Path.Combine(folder, relative));
        if (!full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException($"context path {relative} leaves the build context");
        return full;
    }
}

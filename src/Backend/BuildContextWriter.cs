using System.Text;
using DockerRecord.IR;

namespace DockerRecord.Backend;

/// <summary>
/// Writes a compiled program to a folder: the Dockerfile, the context files its COPYs need, and a .dockerignore
/// that sends only those files to the engine. The context files drec wrote before are removed first (they are
/// listed in <see cref="ManifestName"/>), so a stale file never reaches a build; nothing else in the folder is touched.
/// </summary>
public static class BuildContextWriter
{
    /// <summary>The list of context files drec wrote, kept so the next compile can remove them.</summary>
    public const string ManifestName = ".drec-context";

    public static void Write(string dockerfilePath, string dockerfile, ImageProgram program)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(dockerfilePath))!;
        Directory.CreateDirectory(folder);
        RemovePreviousContext(folder);

        var written = new List<string>();
        foreach (var file in program.ContextFiles.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var target = ContextPath(folder, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (file.BlobPath is { } blob) File.Copy(blob, target, overwrite: true);
            else File.WriteAllText(target, file.Text ?? "", new UTF8Encoding(false));
            written.Add(file.Path);
        }
        File.WriteAllLines(Path.Combine(folder, ManifestName), written);
        File.WriteAllText(Path.Combine(folder, ".dockerignore"), DockerIgnore(written, Path.GetFileName(dockerfilePath)));
        File.WriteAllText(dockerfilePath, dockerfile, new UTF8Encoding(false));
    }

    /// <summary>Everything is ignored except the files the COPYs name: the build sends only what it needs.</summary>
    static string DockerIgnore(List<string> files, string dockerfileName)
    {
        var text = new StringBuilder("# written by drec compile: only the files the Dockerfile copies are sent to the engine\n*\n");
        foreach (var file in files) text.Append('!').Append(file).Append('\n');
        return text.ToString();
    }

    static void RemovePreviousContext(string folder)
    {
        var manifest = Path.Combine(folder, ManifestName);
        if (!File.Exists(manifest)) return;
        foreach (var line in File.ReadAllLines(manifest).Where(l => l.Length > 0))
        {
            var path = ContextPath(folder, line);
            if (File.Exists(path)) File.Delete(path);
        }
    }

    /// <summary>The file's place in the folder; a path that would leave the folder is refused.</summary>
    static string ContextPath(string folder, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(folder, relative));
        if (!full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException($"context path {relative} leaves the build context");
        return full;
    }
}

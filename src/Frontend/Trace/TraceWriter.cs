using System.Security.Cryptography;
using System.Text;

namespace DockerRecord.Frontend.Trace;

/// <summary>
/// Writes one session into a trace folder as it happens: each command record is one JSON line, written and flushed
/// to disk on its own, so a crash (even SIGKILL) loses no completed command. Several writers over time append
/// sessions in order (session-1, session-2…).
/// </summary>
public sealed class TraceWriter : IDisposable
{
    readonly FileStream _commands;
    readonly FileStream _files;
    SessionInfo _info;
    PackageSnapshots? _packages;

    TraceWriter(string sessionDirectory, SessionInfo info)
    {
        SessionDirectory = sessionDirectory;
        _info = info;
        Directory.CreateDirectory(Path.Combine(sessionDirectory, "files"));
        WriteSessionInfo();
        _commands = Append(Path.Combine(sessionDirectory, TraceLayout.CommandsFile));
        _files = Append(Path.Combine(sessionDirectory, TraceLayout.FilesFile));
    }

    public string SessionDirectory { get; }

    public SessionInfo Info => _info;

    /// <summary>Starts the next session of <paramref name="traceDirectory"/>, creating the trace if needed.</summary>
    /// <exception cref="TraceException">when the folder holds something that is not a drec trace.</exception>
    public static TraceWriter StartSession(string traceDirectory, Func<int, SessionInfo> info)
    {
        Directory.CreateDirectory(traceDirectory);
        var manifestPath = Path.Combine(traceDirectory, TraceLayout.ManifestFile);
        if (File.Exists(manifestPath))
        {
            var manifest = TraceReader.ReadManifest(traceDirectory, out var error);
            if (manifest is null) throw new TraceException(error!);
        }
        else if (Directory.EnumerateFileSystemEntries(traceDirectory).Any())
        {
            throw new TraceException($"{traceDirectory}: the folder is not empty and is not a drec trace (no {TraceLayout.ManifestFile})");
        }
        else
        {
            File.WriteAllText(manifestPath, TraceJson.ToDocument(TraceManifest.Current) + "\n");
        }

        var number = TraceLayout.SessionNumbers(traceDirectory).DefaultIfEmpty(0).Max() + 1;
        var directory = Path.Combine(traceDirectory, TraceLayout.SessionFolder(number));
        Directory.CreateDirectory(directory);
        return new TraceWriter(directory, info(number));
    }

    /// <summary>Appends one command record and flushes it to disk.</summary>
    public void Append(CommandRecord record) => WriteLine(_commands, TraceJson.ToLine(record));

    /// <summary>Stores a file's bytes under its hash and appends its entry.</summary>
    public CapturedFile AddFile(CapturedFile file, ReadOnlySpan<byte> content)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var blob = $"files/{sha}";
        var blobPath = Path.Combine(SessionDirectory, blob);
        if (!File.Exists(blobPath)) File.WriteAllBytes(blobPath, content.ToArray());
        var entry = file with { Sha256 = sha, Size = content.Length, Blob = blob };
        WriteLine(_files, TraceJson.ToLine(entry));
        return entry;
    }

    /// <summary>Appends the entry of a file with no content of its own (a link, a folder).</summary>
    public void AddEntry(CapturedFile file) => WriteLine(_files, TraceJson.ToLine(file));

    /// <summary>
    /// Adds a snapshot of the installed packages after command <paramref name="seq"/> (0: at session start) and rewrites
    /// packages.json atomically. A snapshot equal to the last one adds nothing.
    /// </summary>
    public void AddPackageSnapshot(string manager, int seq, IReadOnlyDictionary<string, string> packages)
    {
        var snapshots = _packages?.Snapshots ?? [];
        if (snapshots.Count > 0 && SameVersions(snapshots[^1].Packages, packages)) return;
        var sorted = new SortedDictionary<string, string>(packages.ToDictionary(), StringComparer.Ordinal);
        _packages = new PackageSnapshots { Manager = manager, Snapshots = [.. snapshots, new PackageSnapshot(seq, sorted)] };
        ReplaceFile(TraceLayout.PackagesFile, TraceJson.ToDocument(_packages));
    }

    static bool SameVersions(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var version) && version == p.Value);

    /// <summary>Rewrites session.json (atomically), e.g. with the end time.</summary>
    public void UpdateInfo(Func<SessionInfo, SessionInfo> update)
    {
        _info = update(_info);
        WriteSessionInfo();
    }

    void WriteSessionInfo() => ReplaceFile(TraceLayout.SessionFile, TraceJson.ToDocument(_info));

    /// <summary>Writes a whole file beside its place and renames it there: a reader sees the old or the new one, never half.</summary>
    void ReplaceFile(string name, string json)
    {
        var path = Path.Combine(SessionDirectory, name);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json + "\n");
        File.Move(temporary, path, overwrite: true);
    }

    static FileStream Append(string path) => new(path, FileMode.Append, FileAccess.Write, FileShare.Read);

    static void WriteLine(FileStream stream, string json)
    {
        stream.Write(Encoding.UTF8.GetBytes(json + "\n"));
        stream.Flush(flushToDisk: true);
    }

    public void Dispose()
    {
        _commands.Dispose();
        _files.Dispose();
    }
}

/// <summary>A trace folder that cannot be used; the message names the file.</summary>
public sealed class TraceException(string message) : Exception(message);

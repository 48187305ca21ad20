using System.Formats.Tar;

namespace DockerRecord.Cli.Verify;

/// <summary>The kind of a filesystem entry, as far as the comparison cares.</summary>
enum FileKind { File, Directory, Symlink, Other }

/// <summary>
/// What one path holds: its kind, permission bits (with setuid, setgid and sticky), numeric owner and, for a file, its
/// size and SHA-256, for a symbolic link its target. Times, extended attributes and device numbers are not compared.
/// </summary>
sealed record FileState(FileKind Kind, int Mode, int Uid, int Gid, long Size, string? Sha256, string? LinkTarget)
{
    /// <summary>Same kind, content (or link target), mode and owner: the path is reproduced exactly.</summary>
    public bool SameAs(FileState other) =>
        Kind == other.Kind && Mode == other.Mode && Uid == other.Uid && Gid == other.Gid
        && (Kind != FileKind.File || Sha256 == other.Sha256)
        && (Kind != FileKind.Symlink || LinkTarget == other.LinkTarget);

    /// <summary>What differs from <paramref name="other"/>, in words: <c>content, mode 0644 → 0600</c>.</summary>
    public string DescribeDifference(FileState other)
    {
        if (Kind != other.Kind) return $"{KindName(other.Kind)} instead of {KindName(Kind)}";
        var parts = new List<string>();
        if (Kind == FileKind.File && Sha256 != other.Sha256) parts.Add($"content ({Size} bytes recorded, {other.Size} built)");
        if (Kind == FileKind.Symlink && LinkTarget != other.LinkTarget) parts.Add($"link target {LinkTarget} → {other.LinkTarget}");
        if (Mode != other.Mode) parts.Add($"mode {ModeText(Mode)} → {ModeText(other.Mode)}");
        if (Uid != other.Uid || Gid != other.Gid) parts.Add($"owner {Uid}:{Gid} → {other.Uid}:{other.Gid}");
        return string.Join(", ", parts);
    }

    public static string ModeText(int mode) => Convert.ToString(mode, 8).PadLeft(4, '0');

    public static string KindName(FileKind kind) => kind switch
    {
        FileKind.File => "file",
        FileKind.Directory => "folder",
        FileKind.Symlink => "symbolic link",
        _ => "special file",
    };

    public static FileKind KindOf(TarEntryType type) => type switch
    {
        TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile or TarEntryType.HardLink => FileKind.File,
        TarEntryType.Directory => FileKind.Directory,
        TarEntryType.SymbolicLink => FileKind.Symlink,
        _ => FileKind.Other,
    };
}

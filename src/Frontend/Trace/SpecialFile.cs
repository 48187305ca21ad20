using System.Runtime.InteropServices;

namespace DockerRecord.Frontend.Trace;

/// <summary>
/// Whether a path holds a FIFO, a device or a socket rather than a regular file, from the file system's own record
/// (<c>statx</c>). .NET's file APIs tell only folders and links apart, and such a file reports size 0, as an empty
/// one does; the trace reader names it in DR2006 instead of reading it as an empty file.
/// </summary>
public static partial class SpecialFile
{
    /// <summary>"a FIFO", "a character device", "a block device" or "a socket"; null for anything else, a missing
    /// path, or a system without <c>statx</c> (there the file is read as before).</summary>
    public static string? KindAt(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            return KindOf(ModeAt(path));
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    static string? KindOf(int mode) => (mode & FileTypeMask) switch
    {
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => null,
    };

    const int FileTypeMask = 0xF000;

    /// <summary>The <c>st_mode</c> of what <paramref name="path"/> names, links followed; 0 when it cannot be asked.</summary>
    static unsafe int ModeAt(string path)
    {
        // struct statx has one layout on every architecture: stx_mode is the 16-bit field at byte 28
        var buffer = stackalloc byte[256];
        return statx(AtCurrentDirectory, path, 0, StatxType, buffer) == 0 ? *(ushort*)(buffer + 28) : 0;
    }

    const int AtCurrentDirectory = -100;
    const uint StatxType = 0x1;

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int statx(int directory, string path, int flags, uint mask, byte* buffer);
}

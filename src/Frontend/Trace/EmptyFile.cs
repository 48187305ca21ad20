namespace DockerRecord.Frontend.Trace;

/// <summary>
/// A file of size 0 has nothing to read, and drec never opens one: a FIFO or a device in a trace file's or a captured
/// file's place reports size 0 too, and opening or reading it would block or never end. (The trace reader tells such
/// a file from an empty one, <see cref="SpecialFile"/>, and names it in DR2006; the files pass refuses a captured
/// file's content that is one, DR3032.)
/// </summary>
public static class EmptyFile
{
    public static bool Is(FileInfo file) => file.Length == 0;

    public static bool Is(string path) => Is(new FileInfo(path));
}

using System.Runtime.InteropServices;

namespace DockerRecord.Cli.Recording;

/// <summary>
/// The local terminal in raw mode, through termios directly: System.Console would change terminal settings on its
/// own and emit escape sequences. Restores the saved settings on dispose, which every exit path reaches.
/// </summary>
sealed partial class Terminal : IDisposable
{
    const int StdIn = 0;
    const int StdOut = 1;
    const int TcsaNow = 0;
    const nuint TiocGWinSz = 0x5413; // x86-64 and arm64 Linux

    readonly byte[] _saved = new byte[256]; // an opaque struct termios: no layout assumed
    bool _raw;

    public static bool IsTerminal(int fd) => isatty(fd) == 1;

    public static bool InputIsTerminal => IsTerminal(StdIn);

    /// <summary>Rows and columns of the local terminal, or null when output is not a terminal.</summary>
    public static (int Rows, int Columns)? Size()
    {
        if (ioctl(StdOut, TiocGWinSz, out var size) != 0 || size.Rows == 0) return null;
        return (size.Rows, size.Columns);
    }

    public void EnterRawMode()
    {
        if (_raw || tcgetattr(StdIn, _saved) != 0) return;
        var raw = (byte[])_saved.Clone();
        cfmakeraw(raw);
        if (tcsetattr(StdIn, TcsaNow, raw) == 0) _raw = true;
    }

    public void Restore()
    {
        if (!_raw) return;
        tcsetattr(StdIn, TcsaNow, _saved);
        _raw = false;
    }

    public void Dispose() => Restore();

    [StructLayout(LayoutKind.Sequential)]
    struct WinSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int isatty(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcgetattr(int fd, [Out] byte[] termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcsetattr(int fd, int action, byte[] termios);

    [LibraryImport("libc")]
    private static partial void cfmakeraw(byte[] termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, nuint request, out WinSize size);
}

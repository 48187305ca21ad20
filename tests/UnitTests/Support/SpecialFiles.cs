using System.Diagnostics;

namespace DockerRecord.UnitTests.Support;

/// <summary>Files that are not plain readable files, to put where a trace expects one.</summary>
static class SpecialFiles
{
    /// <summary>
    /// A file that opens but fails to read with an I/O error (a device that does not use autosuspend). Root, as in CI,
    /// reads any file whatever its mode, so this stands in for the errors a user meets: permission denied, a bad disk.
    /// Its size is not 0, so drec does try to read it.
    /// </summary>
    public const string Unreadable = "/sys/devices/system/cpu/power/autosuspend_delay_ms";

    /// <summary>Makes a named pipe at <paramref name="path"/>: opening it to read blocks until something writes.</summary>
    public static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]))!;
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0) throw new InvalidOperationException($"mkfifo {path} failed");
    }

    /// <summary>Runs <paramref name="read"/> and fails the test if it has not returned in 30 s (it blocks on a FIFO).</summary>
    public static T WithoutBlocking<T>(Func<T> read)
    {
        var task = Task.Run(read);
        Xunit.Assert.True(task.Wait(TimeSpan.FromSeconds(30)), "the read blocked");
        return task.Result;
    }
}

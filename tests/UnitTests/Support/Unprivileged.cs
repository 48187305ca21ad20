using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace DockerRecord.UnitTests.Support;

/// <summary>
/// Runs code as a user meets file modes: on a thread of its own without the capabilities that let root read and look
/// into any folder (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH). Linux gives capabilities to each thread, so the rest of the
/// test process keeps them. Not root, as a developer runs the tests, the modes apply anyway.
/// </summary>
static class Unprivileged
{
    public static T Run<T>(Func<T> action)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                DropFileCapabilities();
                result = action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    const uint CapabilityVersion3 = 0x20080522;
    const uint DacOverride = 1u << 1, DacReadSearch = 1u << 2;

    static void DropFileCapabilities()
    {
        // struct __user_cap_header_struct { version, pid (0: this thread) }; two of { effective, permitted, inheritable }
        uint[] header = [CapabilityVersion3, 0];
        var data = new uint[6];
        if (capget(header, data) != 0) throw new InvalidOperationException($"capget failed: {Marshal.GetLastPInvokeError()}");
        data[0] &= ~(DacOverride | DacReadSearch);
        if (capset(header, data) != 0) throw new InvalidOperationException($"capset failed: {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", SetLastError = true)]
    static extern int capget(uint[] header, uint[] data);

    [DllImport("libc", SetLastError = true)]
    static extern int capset(uint[] header, uint[] data);
}

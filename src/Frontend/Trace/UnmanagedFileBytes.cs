using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DockerRecord.Frontend.Trace;

/// <summary>
/// A large file's bytes read once into memory outside the managed heap, as <see cref="Memory{T}"/>: the collector
/// never zeroes, scans or moves them, and every core reads a part of the file at once. Disposing frees the memory, so
/// nothing read from it may keep a span of it (the readers copy out strings).
/// </summary>
/// <remarks>
/// The bytes are copied, not mapped: a mapped file cut short while it is read stops the process, a copy just ends
/// early. The recorder only ever appends, so what is read is the file as long as it was when opened, or as much of
/// it as is left.
/// </remarks>
sealed unsafe class UnmanagedFileBytes : MemoryManager<byte>
{
    /// <summary>Parts read in parallel are at least this long: a read that small is over before a worker starts.</summary>
    const int PartLength = 4 << 20;

    byte* _bytes;
    readonly int _length;

    UnmanagedFileBytes(byte* bytes, int length)
    {
        _bytes = bytes;
        _length = length;
    }

    /// <summary>The file's bytes; null when it is empty or larger than a span can hold.</summary>
    public static UnmanagedFileBytes? Read(string path)
    {
        // the recorder may still be appending: what is there now is read
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(handle);
        if (length is 0 or > int.MaxValue) return null;
        var bytes = (byte*)NativeMemory.Alloc((nuint)length);
        try
        {
            var parts = (int)Math.Min(Environment.ProcessorCount, (length + PartLength - 1) / PartLength);
            long Start(int part) => length * part / parts;
            int Count(int part) => (int)(Start(part + 1) - Start(part));
            var read = new int[parts];
            if (parts == 1) read[0] = ReadPart(handle, bytes, 0, (int)length);
            else Parallel.For(0, parts, i => read[i] = ReadPart(handle, bytes, Start(i), Count(i)));
            // a file cut short since it was measured ends at the first part that came back short
            var total = 0L;
            for (var i = 0; i < parts; i++)
            {
                total += read[i];
                if (read[i] < Count(i)) break;
            }
            return new UnmanagedFileBytes(bytes, (int)total);
        }
        catch
        {
            NativeMemory.Free(bytes);
            throw;
        }
    }

    /// <summary>Reads one part until it is full or the file ends; the number of bytes read.</summary>
    static int ReadPart(SafeFileHandle handle, byte* bytes, long start, int count)
    {
        var done = 0;
        while (done < count)
        {
            var n = RandomAccess.Read(handle, new Span<byte>(bytes + start + done, count - done), start + done);
            if (n == 0) break;
            done += n;
        }
        return done;
    }

    public override Span<byte> GetSpan() => new(_bytes, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_bytes + elementIndex);

    public override void Unpin() { }

    protected override void Dispose(bool disposing)
    {
        NativeMemory.Free(_bytes);
        _bytes = null;
    }
}

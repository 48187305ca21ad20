using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace DockerRecord.Frontend.Trace;

/// <summary>
/// A file's bytes mapped read-only into memory, as <see cref="Memory{T}"/>: a large trace file is read where the kernel
/// already keeps it, with no copy into a new array, by every core at once. Disposing unmaps it, so nothing read from
/// it may keep a span of it (the readers copy out strings).
/// </summary>
/// <remarks>
/// The recorder only ever appends to a trace file, so a file being recorded is safe to map: the part mapped stays.
/// Cutting a file short while drec reads it (not something drec or its users do) would stop the process.
/// </remarks>
sealed unsafe class MappedFile : MemoryManager<byte>
{
    readonly MemoryMappedFile _file;
    readonly MemoryMappedViewAccessor _view;
    readonly byte* _pointer;
    readonly int _length;

    MappedFile(MemoryMappedFile file, MemoryMappedViewAccessor view, int length)
    {
        _file = file;
        _view = view;
        _length = length;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + view.PointerOffset;
    }

    /// <summary>The file mapped, as long as it is when opened; null when it is empty or larger than a span can hold.</summary>
    public static MappedFile? Open(string path)
    {
        // the recorder may still be appending: what is there now is read
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        MemoryMappedFile? file = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            var length = stream.Length;
            if (length is 0 or > int.MaxValue)
            {
                stream.Dispose();
                return null;
            }
            file = MemoryMappedFile.CreateFromFile(stream, mapName: null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return new MappedFile(file, view, (int)length);
        }
        catch (ArgumentException) when (file is null)
        {
            // emptied between measuring and mapping (an empty file cannot be mapped): read the plain way
            stream.Dispose();
            return null;
        }
        catch
        {
            view?.Dispose();
            if (file is null) stream.Dispose();
            else file.Dispose(); // it owns the stream
            throw;
        }
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin() { }

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}

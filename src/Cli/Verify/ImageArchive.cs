using System.Formats.Tar;
using System.Text.Json;
using Docker.DotNet;

namespace DockerRecord.Cli.Verify;

/// <summary>
/// An image's layers, read from the engine's image export (<c>docker save</c>) in one pass: each layer tar is read as it
/// streams by, and <c>manifest.json</c> gives their order. Both the legacy layout (<c>ID/layer.tar</c>, engines up
/// to 24) and the OCI layout (<c>blobs/sha256/…</c>) are understood.
/// </summary>
static class ImageArchive
{
    public static async Task<IReadOnlyList<ImageLayer>> ReadLayersAsync(DockerClient client, string image, CancellationToken cancellation)
    {
        await using var stream = await client.Images.SaveImageAsync(image, cancellation);
        await using var buffered = BlockingReadStream.Over(stream);
        return await Task.Run(() => ReadLayers(buffered), cancellation);
    }

    public static IReadOnlyList<ImageLayer> ReadLayers(Stream save)
    {
        var layers = new Dictionary<string, ImageLayer>(StringComparer.Ordinal);
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        List<string>? order = null;
        using var reader = new TarReader(save, leaveOpen: true);
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            var name = entry.Name.TrimStart('.', '/');
            if (entry.EntryType == TarEntryType.SymbolicLink)
            {
                // the legacy layout links a layer that repeats to its first copy
                aliases[name] = Path.GetFullPath(Path.Combine("/" + Path.GetDirectoryName(name), entry.LinkName)).TrimStart('/');
                continue;
            }
            if (entry.DataStream is not { } data) continue;
            if (name == "manifest.json")
            {
                using var document = JsonDocument.Parse(data);
                order = [.. document.RootElement[0].GetProperty("Layers").EnumerateArray().Select(l => l.GetString()!.TrimStart('.', '/'))];
            }
            else if (name.EndsWith("/layer.tar", StringComparison.Ordinal) || name.StartsWith("blobs/", StringComparison.Ordinal))
            {
                var peek = new PeekStream(data);
                // an empty layer (a WORKDIR that changed nothing) is a tar of zero blocks only, without the magic
                if (peek.LooksLikeTar || peek.IsEmptyTar) layers[name] = ImageLayer.Read(peek);
            }
        }
        if (order is null) throw new InvalidDataException("the image export has no manifest.json");
        return [.. order.Select(name => layers.TryGetValue(aliases.GetValueOrDefault(name, name), out var layer)
            ? layer
            : throw new InvalidDataException($"the image export lacks the layer {name}"))];
    }

    /// <summary>A stream whose first block is read ahead to tell a tar (the <c>ustar</c> magic) from a JSON blob.</summary>
    sealed class PeekStream : Stream
    {
        readonly Stream _inner;
        readonly byte[] _head = new byte[512];
        readonly int _headLength;
        int _headPosition;

        public PeekStream(Stream inner)
        {
            _inner = inner;
            _headLength = inner.ReadAtLeast(_head, _head.Length, throwOnEndOfStream: false);
        }

        public bool LooksLikeTar => _headLength == 512 && _head.AsSpan(257, 5).SequenceEqual("ustar"u8);

        public bool IsEmptyTar => _headLength == 512 && !_head.AsSpan().ContainsAnyExcept((byte)0);

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_headPosition < _headLength)
            {
                var n = Math.Min(count, _headLength - _headPosition);
                Array.Copy(_head, _headPosition, buffer, offset, n);
                _headPosition += n;
                return n;
            }
            return _inner.Read(buffer, offset, count);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.Text;

namespace DockerRecord.Cli.Verify;

/// <summary>A build step as BuildKit reports it: its digest, its name (<c>[2/5] RUN make</c>) and how it ended.</summary>
sealed record BuildKitVertex(string Digest, string Name, bool Cached, bool Started, bool Completed, string? Error);

/// <summary>Output a step printed; <see cref="Stream"/> is 1 for stdout and 2 for stderr.</summary>
sealed record BuildKitLog(string Vertex, int Stream, byte[] Message);

/// <summary>One <c>moby.buildkit.trace</c> message of the engine's build stream, decoded.</summary>
sealed record BuildKitStatus(IReadOnlyList<BuildKitVertex> Vertices, IReadOnlyList<BuildKitLog> Logs)
{
    /// <summary>
    /// Decodes the base64 protobuf of a BuildKit <c>StatusResponse</c> (vertexes = 1, statuses = 2, logs = 3). Only
    /// the fields drec shows are read; a hand-written reader spares a protobuf dependency for two message types.
    /// </summary>
    public static BuildKitStatus Decode(string base64)
    {
        var vertices = new List<BuildKitVertex>();
        var logs = new List<BuildKitLog>();
        var reader = new ProtoReader(Convert.FromBase64String(base64));
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 1 && wireType == 2) vertices.Add(DecodeVertex(reader.ReadBytes()));
            else if (field == 3 && wireType == 2) logs.Add(DecodeLog(reader.ReadBytes()));
            else reader.Skip(wireType);
        }
        return new BuildKitStatus(vertices, logs);
    }

    // Vertex: digest = 1, inputs = 2, name = 3, cached = 4, started = 5, completed = 6, error = 7
    static BuildKitVertex DecodeVertex(ReadOnlyMemory<byte> bytes)
    {
        string digest = "", name = "";
        string? error = null;
        bool cached = false, started = false, completed = false;
        var reader = new ProtoReader(bytes);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, 2): digest = reader.ReadString(); break;
                case (3, 2): name = reader.ReadString(); break;
                case (4, 0): cached = reader.ReadVarint() != 0; break;
                case (5, 2): reader.ReadBytes(); started = true; break;
                case (6, 2): reader.ReadBytes(); completed = true; break;
                case (7, 2): error = reader.ReadString(); break;
                default: reader.Skip(wireType); break;
            }
        }
        return new BuildKitVertex(digest, name, cached, started, completed, string.IsNullOrEmpty(error) ? null : error);
    }

    // VertexLog: vertex = 1, timestamp = 2, stream = 3, msg = 4
    static BuildKitLog DecodeLog(ReadOnlyMemory<byte> bytes)
    {
        string vertex = "";
        var stream = 0;
        var message = Array.Empty<byte>();
        var reader = new ProtoReader(bytes);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, 2): vertex = reader.ReadString(); break;
                case (3, 0): stream = (int)reader.ReadVarint(); break;
                case (4, 2): message = reader.ReadBytes().ToArray(); break;
                default: reader.Skip(wireType); break;
            }
        }
        return new BuildKitLog(vertex, stream, message);
    }

    /// <summary>The protobuf wire format, as far as these messages use it.</summary>
    sealed class ProtoReader(ReadOnlyMemory<byte> bytes)
    {
        int _position;

        public bool Next(out int field, out int wireType)
        {
            field = wireType = 0;
            if (_position >= bytes.Length) return false;
            var key = ReadVarint();
            field = (int)(key >> 3);
            wireType = (int)(key & 7);
            return true;
        }

        public ulong ReadVarint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_position >= bytes.Length) throw new FormatException("truncated varint");
                var b = bytes.Span[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
            throw new FormatException("varint too long");
        }

        public ReadOnlyMemory<byte> ReadBytes()
        {
            var length = (int)ReadVarint();
            if (length < 0 || _position + length > bytes.Length) throw new FormatException("truncated field");
            var slice = bytes.Slice(_position, length);
            _position += length;
            return slice;
        }

        public string ReadString() => Encoding.UTF8.GetString(ReadBytes().Span);

        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case 0: ReadVarint(); break;
                case 1: _position += 8; break;
                case 2: ReadBytes(); break;
                case 5: _position += 4; break;
                default: throw new FormatException($"unsupported wire type {wireType}");
            }
        }
    }
}

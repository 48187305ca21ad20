using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DockerRecord.Frontend.Text;

/// <summary>
/// A string as a JSON string literal with its text readable: only what JSON requires is escaped (quotes, backslashes,
/// control characters), not <c>&lt;</c>, <c>'</c> or non-ASCII letters. The same text as
/// <c>JsonSerializer.Serialize(value)</c> with <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> (which writes a
/// string with the same writer), without the serializer's reflection.
/// </summary>
public static class JsonStringLiteral
{
    static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic] static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] static Utf8JsonWriter? t_writer;

    /// <summary><c>"…"</c>, escaped.</summary>
    public static string Quote(string value)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>();
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, s_options);
        writer.Reset(buffer);
        writer.WriteStringValue(value);
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

using System.Text;

namespace DockerRecord.Cli.Recording;

/// <summary>One record of the hook's spool: <c>key=value</c> fields in order (keys may repeat).</summary>
internal sealed record SpoolRecord(IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public string? Kind => Get("kind");

    public string? Get(string key) => Fields.FirstOrDefault(f => f.Key == key).Value;

    public IEnumerable<string> GetAll(string key) => Fields.Where(f => f.Key == key).Select(f => f.Value);
}

/// <summary>
/// Parses the spool incrementally: fields end with a NUL byte and a record with an empty field. Bytes that are not
/// UTF-8 do not stop it: they become U+FFFD and the record gets <c>invalid_utf8=1</c>.
/// </summary>
internal sealed class SpoolReader
{
    static readonly UTF8Encoding s_strict = new(false, throwOnInvalidBytes: true);
    readonly List<byte> _field = [];
    readonly List<KeyValuePair<string, string>> _fields = [];
    bool _invalid;

    public IEnumerable<SpoolRecord> Feed(ReadOnlySpan<byte> chunk)
    {
        var records = new List<SpoolRecord>();
        foreach (var b in chunk)
        {
            if (b != 0)
            {
                _field.Add(b);
                continue;
            }
            if (_field.Count == 0)
            {
                if (_fields.Count > 0)
                {
                    if (_invalid) _fields.Add(new("invalid_utf8", "1"));
                    records.Add(new SpoolRecord([.. _fields]));
                }
                _fields.Clear();
                _invalid = false;
                continue;
            }
            var text = Decode([.. _field]);
            _field.Clear();
            var eq = text.IndexOf('=');
            _fields.Add(eq < 0 ? new(text, "") : new(text[..eq], text[(eq + 1)..]));
        }
        return records;
    }

    public static IReadOnlyList<SpoolRecord> ReadAll(byte[] bytes) => [.. new SpoolReader().Feed(bytes)];

    string Decode(byte[] bytes)
    {
        try
        {
            return s_strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            _invalid = true;
            return Encoding.UTF8.GetString(bytes);
        }
    }
}

using System.Text;
using System.Text.Unicode;

namespace DockerRecord.Cli.Recording;

/// <summary>
/// One record of the in-container spool (<c>$DREC_DIR/events</c>, written by <see cref="BashHook"/>): its fields in
/// spool order. Keys may repeat (<c>env</c>, <c>unenv</c>, <c>capture</c>, <c>capture_file</c>, ...).
/// </summary>
/// <remarks>
/// Fields by kind (values are text; numbers in decimal; times in microseconds since the epoch):
/// <list type="bullet">
/// <item><c>kind=start</c>: format (1), session, bash (BASH_VERSION), uid, euid, user, pwd, shlvl, pid, umask, t,
/// then <c>env=NAME=value</c> for every exported variable. A start record with an <c>error</c> field means the shell
/// is not recorded (bash older than 4.4); it then has only format, session, bash, pid and error.</item>
/// <item><c>kind=cmd</c>: seq (1, 2, 3... per session), hist (history number; empty when unknown), ran (1 when the
/// line reached execution, 0 for a syntax error), status, pipestatus (space-separated), t0 (start; empty when
/// ran=0), t1 (end), uid, euid, user, pwd_before, pwd, shlvl, pid, cmd (the line as bash's history holds it:
/// multi-line and here-document bodies included; a typed here-document ends with a newline). Then, when they
/// apply: cmd_unknown=1 (the text is not available: history cleared), missed=1 (the line ran while PROMPT_COMMAND did
/// not call the hook; status, pipestatus and times are empty), late=1 (something in PROMPT_COMMAND ran before the
/// hook: status and pipestatus may not be the line's), <c>env=NAME=value</c> (exported variable set or changed since
/// the previous record), <c>unenv=NAME</c> (no longer exported), and after an editor <c>capture=/abs/path</c>
/// immediately followed by <c>capture_file=SEQ-N</c> (copy in <c>$DREC_DIR/files/SEQ-N</c>), or
/// <c>capture_error=/abs/path</c> when the copy failed.</item>
/// <item><c>kind=exit</c>: status, t, pid.</item>
/// </list>
/// A record that held bytes that are not UTF-8 gets a last field <c>invalid_utf8=1</c> added by the reader (the
/// values carry U+FFFD in their place).
/// </remarks>
internal sealed record SpoolRecord(IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    /// <summary>The first field's value when it is <c>kind</c> (start, cmd, exit), else the empty string.</summary>
    public string Kind => Fields.Count > 0 && Fields[0].Key == "kind" ? Fields[0].Value : "";

    /// <summary>True when some field held bytes that are not valid UTF-8 (see <c>invalid_utf8</c>).</summary>
    public bool HasInvalidUtf8 => Get(SpoolReader.InvalidUtf8Key) == "1";

    /// <summary>The value of the first field named <paramref name="key"/>, or null.</summary>
    public string? Get(string key)
    {
        foreach (var field in Fields)
            if (field.Key == key)
                return field.Value;
        return null;
    }

    /// <summary>The values of all fields named <paramref name="key"/>, in spool order.</summary>
    public IReadOnlyList<string> GetAll(string key)
    {
        var values = new List<string>();
        foreach (var field in Fields)
            if (field.Key == key)
                values.Add(field.Value);
        return values;
    }
}

/// <summary>
/// Parses the spool incrementally: a record is a run of <c>key=value</c> fields, each ended by a NUL byte, and ends
/// with an empty field (a second NUL in a row). Bytes may arrive in chunks cut anywhere; a partial record is kept
/// until the rest arrives, and a torn record at the end of the input is never returned.
/// </summary>
internal sealed class SpoolReader
{
    /// <summary>Field the reader appends to a record in which some bytes were not valid UTF-8.</summary>
    public const string InvalidUtf8Key = "invalid_utf8";

    byte[] _field = new byte[256];
    int _fieldLength;
    List<KeyValuePair<string, string>> _fields = [];
    bool _invalid;

    /// <summary>True while bytes of an unfinished record are buffered.</summary>
    public bool HasPartialRecord => _fieldLength > 0 || _fields.Count > 0;

    /// <summary>Adds the next bytes of the spool and returns the records they complete, in order.</summary>
    public IReadOnlyList<SpoolRecord> Feed(ReadOnlySpan<byte> chunk)
    {
        List<SpoolRecord>? records = null;
        while (!chunk.IsEmpty)
        {
            var nul = chunk.IndexOf((byte)0);
            if (nul < 0)
            {
                Append(chunk);
                break;
            }
            Append(chunk[..nul]);
            chunk = chunk[(nul + 1)..];
            if (_fieldLength == 0)
            {
                // empty field: end of record (a lone terminator with no fields before it is skipped)
                if (_fields.Count > 0)
                    (records ??= []).Add(TakeRecord());
                continue;
            }
            _fields.Add(Decode(_field.AsSpan(0, _fieldLength)));
            _fieldLength = 0;
        }
        return records ?? (IReadOnlyList<SpoolRecord>)[];
    }

    /// <summary>All complete records of a whole spool; a torn last record is left out.</summary>
    public static IReadOnlyList<SpoolRecord> ReadAll(byte[] spool)
    {
        ArgumentNullException.ThrowIfNull(spool);
        return new SpoolReader().Feed(spool);
    }

    void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        if (_fieldLength + bytes.Length > _field.Length)
            Array.Resize(ref _field, Math.Max(_field.Length * 2, _fieldLength + bytes.Length));
        bytes.CopyTo(_field.AsSpan(_fieldLength));
        _fieldLength += bytes.Length;
    }

    KeyValuePair<string, string> Decode(ReadOnlySpan<byte> bytes)
    {
        if (!Utf8.IsValid(bytes)) _invalid = true;
        var text = Encoding.UTF8.GetString(bytes); // invalid sequences become U+FFFD
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? new(text, "") : new(text[..eq], text[(eq + 1)..]);
    }

    SpoolRecord TakeRecord()
    {
        if (_invalid) _fields.Add(new(InvalidUtf8Key, "1"));
        var record = new SpoolRecord(_fields);
        _fields = [];
        _invalid = false;
        return record;
    }
}

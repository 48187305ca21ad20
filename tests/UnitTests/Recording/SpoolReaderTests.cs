using System.Text;
using DockerRecord.Cli.Recording;

namespace DockerRecord.UnitTests.Recording;

/// <summary>The spool format: NUL-ended <c>key=value</c> fields, a record ends with an empty field.</summary>
public sealed class SpoolReaderTests
{
    static byte[] Spool(params string[][] records)
    {
        var bytes = new List<byte>();
        foreach (var record in records)
        {
            foreach (var field in record)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(field));
                bytes.Add(0);
            }
            bytes.Add(0);
        }
        return [.. bytes];
    }

    static readonly string[] Start = ["kind=start", "format=1", "session=s1", "env=PATH=/usr/bin:/bin", "env=HOME=/root"];
    static readonly string[] Cmd =
    [
        "kind=cmd", "seq=1", "hist=12", "ran=1", "status=0", "pipestatus=1 0", "t0=1700000000000001",
        "cmd=cat > f <<'EOF'\nline = one\n$HOME\nEOF\n", "env=A=1", "env=B=x y", "unenv=C", "capture=/etc/a b.conf",
        "capture_file=1-1", "env=EMPTY=",
    ];
    static readonly string[] Exit = ["kind=exit", "status=3", "t=1700000000000002"];

    static void AssertExpected(IReadOnlyList<SpoolRecord> records)
    {
        Assert.Equal(3, records.Count);
        Assert.Equal(["start", "cmd", "exit"], records.Select(r => r.Kind));
        var cmd = records[1];
        Assert.Equal("cat > f <<'EOF'\nline = one\n$HOME\nEOF\n", cmd.Get("cmd"));
        Assert.Equal("1 0", cmd.Get("pipestatus"));
        Assert.Equal(["A=1", "B=x y", "EMPTY="], cmd.GetAll("env"));
        Assert.Equal(["C"], cmd.GetAll("unenv"));
        Assert.Equal("/etc/a b.conf", cmd.Get("capture"));
        Assert.Equal("1-1", cmd.Get("capture_file"));
        Assert.Null(cmd.Get("missing"));
        Assert.Empty(cmd.GetAll("missing"));
        Assert.False(cmd.HasInvalidUtf8);
        Assert.Equal(Cmd.Length, cmd.Fields.Count);
        Assert.Equal("3", records[2].Get("status"));
    }

    [Fact]
    public void Reads_a_whole_spool()
    {
        AssertExpected(SpoolReader.ReadAll(Spool(Start, Cmd, Exit)));
    }

    [Fact]
    public void Gives_the_same_records_when_the_bytes_are_split_at_any_point()
    {
        var bytes = Spool(Start, Cmd, Exit);
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var reader = new SpoolReader();
            var records = reader.Feed(bytes.AsSpan(0, cut)).Concat(reader.Feed(bytes.AsSpan(cut))).ToList();
            AssertExpected(records);
            Assert.False(reader.HasPartialRecord);
        }
    }

    [Fact]
    public void Gives_the_same_records_when_fed_one_byte_at_a_time()
    {
        var bytes = Spool(Start, Cmd, Exit);
        var reader = new SpoolReader();
        var records = new List<SpoolRecord>();
        foreach (var b in bytes)
            records.AddRange(reader.Feed([b]));
        AssertExpected(records);
    }

    [Fact]
    public void Leaves_out_a_torn_last_record()
    {
        var whole = Spool(Start, Cmd);
        for (var cut = whole.Length - 1; cut > Spool(Start).Length; cut--)
        {
            var records = SpoolReader.ReadAll(whole[..cut]);
            Assert.Equal(["start"], records.Select(r => r.Kind));
        }
        var reader = new SpoolReader();
        Assert.Empty(reader.Feed(Encoding.UTF8.GetBytes("kind=cmd\0seq=1\0cmd=echo hi")));
        Assert.True(reader.HasPartialRecord);
        var done = reader.Feed(Encoding.UTF8.GetBytes("\0\0"));
        Assert.Equal("echo hi", Assert.Single(done).Get("cmd"));
    }

    [Fact]
    public void Keeps_empty_values_and_fields_without_an_equals_sign()
    {
        var record = Assert.Single(SpoolReader.ReadAll(Spool(["kind=cmd", "hist=", "t0=", "cmd=", "odd"])));
        Assert.Equal("", record.Get("hist"));
        Assert.Equal("", record.Get("cmd"));
        Assert.Equal("", record.Get("odd"));
        Assert.Equal(5, record.Fields.Count);
    }

    [Fact]
    public void Replaces_invalid_utf8_and_flags_the_record()
    {
        byte[] bytes = [.. "kind=cmd\0cmd=echo "u8, 0xFF, 0xC3, (byte)'x', .. "\0env=A=\u00e9\0\0kind=exit\0status=0\0\0"u8];
        var records = SpoolReader.ReadAll(bytes);
        Assert.Equal(2, records.Count);
        var cmd = records[0];
        Assert.Equal("echo \uFFFD\uFFFDx", cmd.Get("cmd"));
        Assert.Equal("A=\u00e9", cmd.Get("env"));
        Assert.True(cmd.HasInvalidUtf8);
        Assert.Equal(new KeyValuePair<string, string>("invalid_utf8", "1"), cmd.Fields[^1]);
        Assert.False(records[1].HasInvalidUtf8);
    }

    [Fact]
    public void Skips_stray_terminators_between_records()
    {
        byte[] bytes = [0, .. Spool(Exit), 0, 0, .. Spool(Exit)];
        Assert.Equal(2, SpoolReader.ReadAll(bytes).Count);
    }

    [Fact]
    public void Kind_is_empty_when_the_first_field_is_not_kind()
    {
        var record = Assert.Single(SpoolReader.ReadAll(Spool(["seq=1", "kind=cmd"])));
        Assert.Equal("", record.Kind);
    }
}

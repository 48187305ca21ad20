using System.Text;
using System.Text.Json;
using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Trace;

/// <summary>
/// The fast reading of commands.jsonl (bytes, a hand-written walk, pieces in parallel) gives exactly what the plain
/// serializer gives for each line (the reflection-based one drec used before, <see cref="ReflectionTraceJson"/>), and
/// the same diagnostics at the same lines.
/// </summary>
public sealed class TraceLineReadingTests : IDisposable
{
    readonly string _dir = Path.Combine(Directory.CreateTempSubdirectory("drec-lines-").FullName, "t.drec");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);

    static readonly CommandRecord s_everyField = new()
    {
        Seq = 7, Cmd = "cat > f <<'EOF'\n\"é\" \\ \u0001 ✓\nEOF", Ran = false, Interrupted = true, Status = 130, Pipestatus = [0, 130],
        User = "app", Uid = 1000, Euid = 0, CwdBefore = "/srv", Cwd = "/srv/app", EnvSet = new Dictionary<string, string> { ["A"] = "1", ["B"] = "x y" },
        EnvUnset = ["OLD"], Start = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), End = new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.FromHours(2)),
        Shlvl = 2, Changes = new FileChanges(["/a"], ["/b", "/c"], ["/d"]), Ports = [new ListeningPort("tcp", "0.0.0.0", 80, "nginx")],
        Flags = ["nested_shell"], Captures = ["/etc/app.conf"],
    };

    public static TheoryData<string> Lines() =>
    [
        JsonSerializer.Serialize(s_everyField, TraceJson.Lines),
        JsonSerializer.Serialize(s_everyField with { Ports = [] }, TraceJson.Lines),
        JsonSerializer.Serialize(new CommandRecord { Seq = 1, Cmd = "ls" }, TraceJson.Lines),
        JsonSerializer.Serialize(s_everyField, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }), // escaped, nulls written
        """{"seq":1,"cmd":"x"}""",
        """{"cmd":"x","seq":2,"status":1,"ran":true}""",
        """{"seq":1,"cmd":"x","later_field":{"a":[1,2]},"user":"u"}""",
        """{"seq":1,"cmd":"x","user":null,"uid":null,"start":null}""",
        """{"seq":1,"cmd":"x","seq":2}""",
        """{"seq":1,"cmd":"x","env_set":{"A":"1","A":"2"}}""",
        """{"seq":1,"cmd":"x","changes":{"added":[],"changed":[],"deleted":[],"more":1}}""",
        """{"seq":1,"cmd":"x","ports":[{"protocol":"udp","address":"::","port":53}]}""",
        """{"s\u0065q":1,"cmd":"\u0078\n"}""",
        """{"seq":1,"cmd":"x","start":"2026-01-01T00:00:00+01:00"}""",
        """{"seq":1,"cmd":"x","pipestatus":[0,1,2]}""",
    ];

    [Theory]
    [MemberData(nameof(Lines))]
    public void A_line_reads_as_the_serializer_reads_it(string line)
    {
        var expected = JsonSerializer.Deserialize<CommandRecord>(line, ReflectionTraceJson.Lines)!;
        var session = WriteSession(line + "\n");
        var result = TraceReader.Read(_dir);
        Assert.Empty(result.Diagnostics);
        var actual = Assert.Single(Assert.Single(result.Trace!.Sessions).Commands);
        Assert.Equal(JsonSerializer.Serialize(expected, TraceJson.Lines), JsonSerializer.Serialize(actual, TraceJson.Lines));
        Assert.True(File.Exists(Path.Combine(session, TraceLayout.CommandsFile)));
    }

    [Fact]
    public void The_fast_path_knows_every_field_of_a_command_record()
    {
        var names = TraceJson.Lines.GetTypeInfo(typeof(CommandRecord)).Properties.Select(p => p.Name);
        Assert.Equal(names.Order(), CommandLineParser.FieldNames.Order());
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(s_everyField with { Ports = [] }, TraceJson.Lines));
        Assert.NotNull(CommandLineParser.TryParse(line));
    }

    [Fact]
    public void Fields_left_out_keep_the_records_defaults()
    {
        var record = CommandLineParser.TryParse("""{"seq":1,"cmd":"x"}"""u8)!;
        Assert.True(record.Ran);
        Assert.Empty(record.EnvSet);
        Assert.Empty(record.Pipestatus);
        Assert.True(record.Changes.IsEmpty);
        Assert.Empty(record.Ports);
    }

    [Fact]
    public void A_large_file_read_in_pieces_keeps_order_and_line_numbers()
    {
        var text = new StringBuilder();
        const int count = 20_000; // several megabytes: read in parallel pieces
        for (var seq = 1; seq <= count; seq++)
        {
            if (seq == 15_000) text.Append("{\"seq\":\"oops\",\"cmd\":\"x\"}\n");
            if (seq % 1000 == 0) text.Append("  \r\n");
            text.Append(JsonSerializer.Serialize(s_everyField with { Seq = seq, Ports = [], Cmd = $"echo {seq} {new string('x', 200)}" }, TraceJson.Lines)).Append('\n');
        }
        text.Append("{\"seq\":99999,\"cmd\":\"ap");
        var session = WriteSession(text.ToString());
        var path = Path.Combine(session, TraceLayout.CommandsFile);
        Assert.True(new FileInfo(path).Length > 4 << 20);

        var result = TraceReader.Read(_dir);
        Assert.Null(result.Trace);
        var badLine = 15_000 + 14; // 14 blank lines before it
        Assert.Collection(result.Diagnostics,
            error => Assert.StartsWith($"{path}:{badLine}:1: error DR2004: not a valid record: The JSON value could not be converted to System.Int32", error.ToString()),
            warning => Assert.Equal($"{path}:{count + 1 + 20 + 1}:1: warning DR2003: the last line is incomplete (the recorder stopped while writing it) and is skipped", warning.ToString()));

        File.WriteAllText(path, text.ToString().Replace("{\"seq\":\"oops\",\"cmd\":\"x\"}\n", ""));
        var commands = Assert.Single(TraceReader.Read(_dir).Trace!.Sessions).Commands;
        Assert.Equal(Enumerable.Range(1, count), commands.Select(c => c.Seq));
        Assert.Equal("echo 12345 " + new string('x', 200), commands[12_344].Cmd);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-16")]
    public void A_large_file_with_a_byte_order_mark_reads_as_a_small_one(string encoding)
    {
        // a file of megabytes is read outside the managed heap, by parts in parallel: the same bytes must come out
        var text = new StringBuilder();
        const int count = 10_000;
        for (var seq = 1; seq <= count; seq++) text.Append($"{{\"seq\":{seq},\"cmd\":\"echo {seq} {new string('x', 200)} caf\u00e9\"}}\n");
        var session = WriteSession("");
        var path = Path.Combine(session, TraceLayout.CommandsFile);
        File.WriteAllText(path, text.ToString(), encoding == "utf-8" ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: true) : Encoding.Unicode);
        Assert.True(new FileInfo(path).Length > 2 << 20);

        var commands = Assert.Single(TraceReader.Read(_dir).Trace!.Sessions).Commands;
        Assert.Equal(Enumerable.Range(1, count), commands.Select(c => c.Seq));
        Assert.Equal($"echo 1 {new string('x', 200)} caf\u00e9", commands[0].Cmd);
        Assert.Equal($"echo {count} {new string('x', 200)} caf\u00e9", commands[^1].Cmd);
    }

    [Fact]
    public void A_folder_where_a_trace_file_should_be_is_an_error_naming_it_not_an_empty_session()
    {
        var session = WriteSession("");
        var path = Path.Combine(session, TraceLayout.CommandsFile);
        File.Delete(path);
        Directory.CreateDirectory(path);

        var result = TraceReader.Read(_dir);
        Assert.Null(result.Trace);
        Assert.Equal($"{path}:1:1: error DR2006: cannot read this trace file: it is a folder, not a file", Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void A_file_that_cannot_be_opened_is_an_error_naming_it_not_an_exception()
    {
        var session = WriteSession("{\"seq\":1,\"cmd\":\"ls\"}\n");
        var info = Path.Combine(session, TraceLayout.SessionFile);
        File.Move(info, info + ".real");
        File.CreateSymbolicLink(info, SpecialFiles.Unreadable);

        var result = TraceReader.Read(_dir);
        Assert.Null(result.Trace);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("DR2006", error.Code);
        Assert.StartsWith($"{info}:1:1: error DR2006: cannot read this trace file: ", error.ToString());
    }

    [Fact]
    public void A_command_number_used_twice_is_an_error_at_the_second_line_in_a_file_read_in_pieces()
    {
        // the second `seq 3` would stand for the first in every diagnostic and lookup: it is named, not read
        var text = new StringBuilder();
        const int count = 20_000; // several megabytes: read in parallel pieces, the repeat far from the first
        for (var seq = 1; seq <= count; seq++)
        {
            if (seq == 18_000) text.Append("{\"seq\":3,\"cmd\":\"again\"}\n");
            if (seq == 18_001) text.Append("{\"seq\":\"oops\",\"cmd\":\"x\"}\n");
            text.Append(JsonSerializer.Serialize(s_everyField with { Seq = seq, Ports = [], Cmd = $"echo {seq} {new string('x', 200)}" }, TraceJson.Lines)).Append('\n');
        }
        var session = WriteSession(text.ToString());
        var path = Path.Combine(session, TraceLayout.CommandsFile);
        Assert.True(new FileInfo(path).Length > 4 << 20);

        var result = TraceReader.Read(_dir);
        Assert.Null(result.Trace);
        Assert.Collection(result.Diagnostics,
            repeat => Assert.Equal($"{path}:18000:1: error DR2004: not a valid record: \"seq\": 3 is already line 3's (each line needs a number of its own)", repeat.ToString()),
            bad => Assert.StartsWith($"{path}:18002:1: error DR2004: not a valid record: ", bad.ToString()));
    }

    [Theory]
    [InlineData(TraceLayout.CommandsFile)]
    [InlineData(TraceLayout.FilesFile)]
    [InlineData(TraceLayout.SessionFile)]
    public void A_fifo_in_place_of_a_trace_file_is_an_error_naming_it_without_blocking(string name)
    {
        // a FIFO's size is 0, as an empty file's, but it is not one: reading it as empty would lose the session
        // without a word, and opening it would wait for a writer that never comes
        var session = WriteSession("{\"seq\":1,\"cmd\":\"ls\"}\n");
        var path = Path.Combine(session, name);
        File.Delete(path);
        SpecialFiles.MakeFifo(path);

        var result = SpecialFiles.WithoutBlocking(() => TraceReader.Read(_dir));
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal($"{path}:1:1: error DR2006: cannot read this trace file: it is a FIFO, not a regular file", error.ToString());
    }

    [Fact]
    public void A_device_in_place_of_the_manifest_is_an_error_naming_it()
    {
        WriteSession("{\"seq\":1,\"cmd\":\"ls\"}\n");
        var manifest = Path.Combine(_dir, TraceLayout.ManifestFile);
        File.Delete(manifest);
        File.CreateSymbolicLink(manifest, "/dev/null");

        var result = TraceReader.Read(_dir);
        Assert.Null(result.Trace);
        Assert.Equal($"{manifest}:1:1: error DR2006: cannot read this trace file: it is a character device, not a regular file",
            Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void An_empty_record_file_is_still_an_empty_session_not_an_error()
    {
        var session = WriteSession("");
        var result = TraceReader.Read(_dir);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(Assert.Single(result.Trace!.Sessions).Commands);
        Assert.Null(SpecialFile.KindAt(Path.Combine(session, TraceLayout.CommandsFile)));
        Assert.Null(SpecialFile.KindAt(Path.Combine(session, "missing.jsonl")));
        Assert.Null(SpecialFile.KindAt(session));
    }

    [Fact]
    public void A_byte_order_mark_and_invalid_utf8_read_as_a_text_reader_reads_them()
    {
        var session = WriteSession("");
        var path = Path.Combine(session, TraceLayout.CommandsFile);
        byte[] bom = [0xEF, 0xBB, 0xBF];
        File.WriteAllBytes(path, [.. bom, .. "{\"seq\":1,\"cmd\":\"caf"u8, 0xE9, .. "\"}\n"u8]);
        var command = Assert.Single(Assert.Single(TraceReader.Read(_dir).Trace!.Sessions).Commands);
        Assert.Equal("caf\uFFFD", command.Cmd);
    }

    string WriteSession(string commandsText)
    {
        string directory;
        using (var writer = TraceWriter.StartSession(_dir, n => new SessionInfo
               {
                   Number = n, ContainerId = "abc", ContainerName = "demo", Start = DateTimeOffset.UnixEpoch, DrecVersion = "test",
               }))
            directory = writer.SessionDirectory;
        File.WriteAllText(Path.Combine(directory, TraceLayout.CommandsFile), commandsText);
        return directory;
    }
}

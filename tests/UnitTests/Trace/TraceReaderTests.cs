using DockerRecord.Frontend.Trace;

namespace DockerRecord.UnitTests.Trace;

/// <summary>Traces are read without the container; bad or foreign files give a clear error naming file and line.</summary>
public sealed class TraceReaderTests : IDisposable
{
    readonly string _dir = Path.Combine(Directory.CreateTempSubdirectory("drec-trace-").FullName, "t.drec");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);

    static SessionInfo Info(int number) => new()
    {
        Number = number, ContainerId = "abc", ContainerName = "demo", Start = DateTimeOffset.UnixEpoch, DrecVersion = "test",
    };

    string WriteSession(params CommandRecord[] records)
    {
        using var writer = TraceWriter.StartSession(_dir, Info);
        foreach (var record in records) writer.Append(record);
        return writer.SessionDirectory;
    }

    [Fact]
    public void Sessions_round_trip_in_order()
    {
        WriteSession(new CommandRecord { Seq = 1, Cmd = "cat > f <<'EOF'\nx\nEOF", EnvSet = new Dictionary<string, string> { ["A"] = "1" } });
        WriteSession(new CommandRecord { Seq = 1, Cmd = "ls", Status = 2, Changes = new FileChanges(["/a"], [], ["/b"]) });
        var result = TraceReader.Read(_dir);
        Assert.Empty(result.Diagnostics);
        var trace = result.Trace!;
        Assert.Equal([1, 2], trace.Sessions.Select(s => s.Info.Number));
        Assert.Equal("cat > f <<'EOF'\nx\nEOF", trace.Sessions[0].Commands[0].Cmd);
        Assert.Equal("1", trace.Sessions[0].Commands[0].EnvSet["A"]);
        Assert.Equal(["/a"], trace.Sessions[1].Commands[0].Changes.Added);
    }

    [Fact]
    public void A_torn_last_line_is_skipped_with_a_warning()
    {
        var session = WriteSession(new CommandRecord { Seq = 1, Cmd = "true" }, new CommandRecord { Seq = 2, Cmd = "false" });
        File.AppendAllText(Path.Combine(session, TraceLayout.CommandsFile), "{\"seq\":3,\"cmd\":\"ap");
        var result = TraceReader.Read(_dir);
        Assert.NotNull(result.Trace);
        Assert.Equal(2, result.Trace.Sessions[0].Commands.Count);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal($"{Path.Combine(session, TraceLayout.CommandsFile)}:3:1: warning DR2003: the last line is incomplete (the recorder stopped while writing it) and is skipped", warning.ToString());
    }

    [Fact]
    public void A_malformed_line_in_the_middle_is_an_error_with_its_line()
    {
        var session = WriteSession(new CommandRecord { Seq = 1, Cmd = "true" });
        var path = Path.Combine(session, TraceLayout.CommandsFile);
        File.AppendAllText(path, "not json\n{\"seq\":3,\"cmd\":\"x\"}\n");
        var result = TraceReader.Read(_dir);
        Assert.Null(result.Trace);
        var error = Assert.Single(result.Diagnostics);
        Assert.StartsWith($"{path}:2:1: error DR2004: not a valid record:", error.ToString());
    }

    [Fact]
    public void A_folder_that_is_not_a_trace_is_refused()
    {
        Directory.CreateDirectory(_dir);
        var result = TraceReader.Read(_dir);
        Assert.Null(result.Trace);
        Assert.Contains("error DR2001: not a drec trace: trace.json is missing", Assert.Single(result.Diagnostics).ToString());

        File.WriteAllText(Path.Combine(_dir, "trace.json"), "{\"format\":\"something-else\",\"version\":1}");
        Assert.Contains("error DR2001: not a drec trace: its format is \"something-else\"", Assert.Single(TraceReader.Read(_dir).Diagnostics).ToString());

        File.WriteAllText(Path.Combine(_dir, "trace.json"), "{\"format\":\"drec-trace\",\"version\":99}");
        Assert.Contains("error DR2002:", Assert.Single(TraceReader.Read(_dir).Diagnostics).ToString());
    }

    [Fact]
    public void A_writer_refuses_a_folder_that_holds_something_else()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "mine");
        var e = Assert.Throws<TraceException>(() => TraceWriter.StartSession(_dir, Info));
        Assert.Contains("is not empty and is not a drec trace", e.Message);
    }

    [Fact]
    public void Captured_files_keep_their_bytes_under_their_hash()
    {
        using (var writer = TraceWriter.StartSession(_dir, Info))
            writer.AddFile(new CapturedFile { Path = "/etc/app.conf", Reason = "editor", Seq = 3, Type = "file", Mode = 0x1A4 }, "port=80\n"u8);
        var session = Assert.Single(TraceReader.Read(_dir).Trace!.Sessions);
        var file = Assert.Single(session.Files);
        Assert.Equal("/etc/app.conf", file.Path);
        Assert.Equal(8, file.Size);
        Assert.Equal("port=80\n", File.ReadAllText(Path.Combine(session.Directory, file.Blob!)));
    }
}

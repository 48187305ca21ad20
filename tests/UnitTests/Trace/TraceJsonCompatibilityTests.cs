using System.Text;
using System.Text.Json;
using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Trace;

/// <summary>
/// Trace files are read and written with generated JSON metadata (<see cref="TraceJsonContext"/>, which the native
/// binary needs) exactly as with the reflection-based serializer drec used before (<see cref="ReflectionTraceJson"/>):
/// the same bytes written, the same records read, defaults of left-out fields included (generated metadata alone
/// loses them: dotnet/runtime#84484), and the same error messages.
/// </summary>
public sealed class TraceJsonCompatibilityTests : IDisposable
{
    readonly string _dir = Path.Combine(Directory.CreateTempSubdirectory("drec-trace-json-").FullName, "t.drec");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);

    static readonly DateTimeOffset s_start = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    static readonly SessionInfo s_everySessionField = new()
    {
        Number = 2, ContainerId = "0123456789ab", ContainerName = "demo", Host = "box", ImageReference = "debian:bookworm",
        ImageId = "sha256:00", ImageDigests = ["debian@sha256:11"], EngineVersion = "20.10.24", ApiVersion = "1.41", Shell = "/bin/bash",
        ShellVersion = "5.2.15(1)-release", User = "root", Start = s_start, End = s_start.AddHours(1), DrecVersion = "0.1.0",
        Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin", ["LANG"] = "C.UTF-8", ["é"] = "<'&'>" },
        InitialDirectory = "/root", InitialUid = 0, ExitStatus = 130, PortsAtStart = [new ListeningPort("tcp", "127.0.0.1", 22, "sshd")],
    };

    static readonly CommandRecord s_everyCommandField = new()
    {
        Seq = 7, Cmd = "cat > f <<'EOF'\n\"é\" \\ \u0001 ✓ <a href='x'>&amp;</a> `id` +\nEOF", Ran = false, Interrupted = true, Status = 130,
        Pipestatus = [0, 130], User = "app", Uid = 1000, Euid = 0, CwdBefore = "/srv", Cwd = "/srv/app",
        EnvSet = new Dictionary<string, string> { ["A"] = "1", ["B"] = "x y" }, EnvUnset = ["OLD"], Start = s_start,
        End = s_start.AddSeconds(1).ToOffset(TimeSpan.FromHours(2)), Shlvl = 2, Changes = new FileChanges(["/a"], ["/b", "/c"], ["/d"]),
        Ports = [new ListeningPort("udp", "::", 53)], Flags = ["nested_shell", "capture_failed:/x y"], Captures = ["/etc/app.conf"],
    };

    static readonly CapturedFile s_everyFileField = new()
    {
        Path = "/etc/app conf/é.txt", Reason = "editor", Seq = 3, Type = "symlink", Mode = 420, Uid = 1000, Gid = 1000,
        LinkTarget = "../target", Size = 12, Sha256 = "ab", Blob = "files/ab",
    };

    static readonly PackageSnapshots s_everyPackagesField = new()
    {
        Manager = "dpkg",
        Snapshots = [new PackageSnapshot(0, new Dictionary<string, string> { ["libc6:amd64"] = "2.36-9+deb12u4" }), new PackageSnapshot(2, new Dictionary<string, string>())],
    };

    [Fact]
    public void Records_are_written_as_the_reflection_serializer_wrote_them()
    {
        AssertWrittenAlike(TraceManifest.Current);
        AssertWrittenAlike(s_everySessionField);
        AssertWrittenAlike(new SessionInfo { Number = 1, ContainerId = "", ContainerName = "", Start = default, DrecVersion = "" });
        AssertWrittenAlike(s_everyCommandField);
        AssertWrittenAlike(new CommandRecord { Seq = 1, Cmd = "" });
        AssertWrittenAlike(s_everyFileField);
        AssertWrittenAlike(new CapturedFile { Path = "/", Reason = "final", Type = "dir" });
        AssertWrittenAlike(s_everyPackagesField);
        AssertWrittenAlike(new PackageSnapshots { Manager = "dpkg" });
    }

    static void AssertWrittenAlike<T>(T value)
    {
        Assert.Equal(JsonSerializer.Serialize(value, ReflectionTraceJson.Lines), TraceJson.ToLine(value));
        Assert.Equal(JsonSerializer.Serialize(value, ReflectionTraceJson.Document), TraceJson.ToDocument(value));
    }

    [Fact]
    public void A_session_is_written_byte_for_byte_as_before()
    {
        string session;
        using (var writer = TraceWriter.StartSession(_dir, n => s_everySessionField with { Number = n, End = null, ExitStatus = null }))
        {
            session = writer.SessionDirectory;
            writer.AddPackageSnapshot("dpkg", 0, new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });
            writer.Append(s_everyCommandField with { Seq = 1 });
            writer.Append(new CommandRecord { Seq = 2, Cmd = "ls" });
            writer.AddFile(s_everyFileField with { Type = "file", LinkTarget = null }, "hello\n"u8);
            writer.AddEntry(new CapturedFile { Path = "/srv", Reason = "final", Type = "dir", Mode = 493 });
            writer.AddPackageSnapshot("dpkg", 1, new Dictionary<string, string> { ["a"] = "1", ["c"] = "3" });
            writer.UpdateInfo(info => info with { End = s_start.AddHours(1), ExitStatus = 0 });
        }

        string Document<T>(T value) => JsonSerializer.Serialize(value, ReflectionTraceJson.Document) + "\n";
        string Line<T>(T value) => JsonSerializer.Serialize(value, ReflectionTraceJson.Lines) + "\n";
        var sha = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
        Assert.Equal(Document(TraceManifest.Current), File.ReadAllText(Path.Combine(_dir, TraceLayout.ManifestFile)));
        Assert.Equal(Document(s_everySessionField with { Number = 1, ExitStatus = 0 }), File.ReadAllText(Path.Combine(session, TraceLayout.SessionFile)));
        Assert.Equal(Line(s_everyCommandField with { Seq = 1 }) + Line(new CommandRecord { Seq = 2, Cmd = "ls" }),
            File.ReadAllText(Path.Combine(session, TraceLayout.CommandsFile)));
        Assert.Equal(
            Line(s_everyFileField with { Type = "file", LinkTarget = null, Sha256 = sha, Size = 6, Blob = "files/" + sha })
            + Line(new CapturedFile { Path = "/srv", Reason = "final", Type = "dir", Mode = 493 }),
            File.ReadAllText(Path.Combine(session, TraceLayout.FilesFile)));
        Assert.Equal(
            Document(new PackageSnapshots
            {
                Manager = "dpkg",
                Snapshots =
                [
                    new PackageSnapshot(0, new SortedDictionary<string, string>(StringComparer.Ordinal) { ["a"] = "1", ["b"] = "2" }),
                    new PackageSnapshot(1, new SortedDictionary<string, string>(StringComparer.Ordinal) { ["a"] = "1", ["c"] = "3" }),
                ],
            }),
            File.ReadAllText(Path.Combine(session, TraceLayout.PackagesFile)));
    }

    [Fact]
    public void Files_that_leave_out_optional_fields_read_with_the_records_defaults()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "session-1"));
        File.WriteAllText(Path.Combine(_dir, TraceLayout.ManifestFile), """{"format":"drec-trace","version":1}""");
        var session = Path.Combine(_dir, "session-1");
        File.WriteAllText(Path.Combine(session, TraceLayout.SessionFile),
            """{"number":1,"container_id":"c","container_name":"n","start":"2026-01-01T00:00:00+00:00","drec_version":"v"}""");
        // the unknown field makes the hand-written reader of commands.jsonl leave the line to the serializer
        File.WriteAllText(Path.Combine(session, TraceLayout.CommandsFile), """{"seq":1,"cmd":"x","added_later":1}""" + "\n");
        File.WriteAllText(Path.Combine(session, TraceLayout.FilesFile), """{"path":"/a","reason":"final","type":"file"}""" + "\n");
        File.WriteAllText(Path.Combine(session, TraceLayout.PackagesFile), """{"manager":"dpkg"}""");

        var read = TraceReader.Read(_dir);
        Assert.Empty(read.Diagnostics);
        var trace = Assert.Single(read.Trace!.Sessions);

        AssertSame(new SessionInfo { Number = 1, ContainerId = "c", ContainerName = "n", Start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), DrecVersion = "v" }, trace.Info);
        Assert.NotNull(trace.Info.Environment);
        Assert.Empty(trace.Info.PortsAtStart);

        var command = Assert.Single(trace.Commands);
        AssertSame(new CommandRecord { Seq = 1, Cmd = "x" }, command);
        Assert.True(command.Ran);
        Assert.Empty(command.Pipestatus);
        Assert.Empty(command.EnvSet);
        Assert.Empty(command.EnvUnset);
        Assert.True(command.Changes.IsEmpty);
        Assert.Empty(command.Ports);
        Assert.Empty(command.Flags);
        Assert.Empty(command.Captures);

        AssertSame(new CapturedFile { Path = "/a", Reason = "final", Type = "file" }, Assert.Single(trace.Files));
        Assert.Empty(trace.Packages);
        AssertSame(new PackageSnapshots { Manager = "dpkg" }, TraceJson.Deserialize<PackageSnapshots>("""{"manager":"dpkg"}""")!);
    }

    /// <summary>Equal records: the same JSON with nulls written (record equality compares lists by reference).</summary>
    static void AssertSame<T>(T expected, T actual)
    {
        var everything = new JsonSerializerOptions(ReflectionTraceJson.Lines) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };
        Assert.Equal(JsonSerializer.Serialize(expected, everything), JsonSerializer.Serialize(actual, everything));
    }

    public static TheoryData<string> CommandLines() =>
    [
        """{"seq":1,"cmd":"x"}""",
        """{ "seq" : 1 , "cmd" : "x" , "ran" : false }""",
        """{"seq":1,"cmd":"x","ran":false,"pipestatus":null,"env_set":null,"changes":null}""",
        """{"seq":1,"cmd":"x","ran":true,"seq":2,"ran":false}""",
        """{"Seq":1,"seq":1,"cmd":"x","Ran":false}""",
        """{"seq":1,"cmd":null}""",
        """{"seq":1,"cmd":"x","changes":{"added":["/a"],"changed":[],"deleted":[]},"flags":["f"]}""",
        """{"seq":"oops","cmd":"x"}""",
        """{"seq":1}""",
        """{"seq":1,"cmd":"x","uid":"a"}""",
        """{"seq":1,"cmd":"x","ran":1}""",
        """{"seq":1,"cmd":"x","ran":null}""",
        """{"seq":1,"cmd":"x","start":"yesterday"}""",
        """{"seq":1,"cmd":"x","pipestatus":["a"]}""",
        """{"seq":1,"cmd":"x","changes":{"added":[1]}}""",
        """{"seq":1,"cmd":"x","changes":{"added":[]}}""",
        """{"seq":1,"cmd":"x","ports":[{"port":"x"}]}""",
        """{"seq":1,"cmd":"x","env_set":{"A":1}}""",
        """{"seq":1,"cmd":"x","flags":"a"}""",
        """{"seq":1,"cmd":"x",}""",
        """[1]""",
        """null""",
    ];

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void A_command_line_reads_as_before(string line) => AssertReadAlike<CommandRecord>(line);

    [Theory]
    [InlineData("""{"number":1,"container_id":"c","container_name":"n","start":"2026-01-01T00:00:00Z","drec_version":"v"}""")]
    [InlineData("""{"number":1,"container_id":"c","container_name":"n","start":"2026-01-01T00:00:00Z","drec_version":"v","environment":{"A":"1"},"ports_at_start":[{"protocol":"tcp","address":"::","port":80}]}""")]
    [InlineData("""{"number":1,"container_id":"c","container_name":"n","start":"2026-01-01T00:00:00Z","drec_version":"v","exit_status":"x"}""")]
    [InlineData("""{"number":1,"container_id":"c","container_name":"n","start":"2026-01-01T00:00:00Z"}""")]
    public void A_session_reads_as_before(string json) => AssertReadAlike<SessionInfo>(json);

    [Theory]
    [InlineData("""{"path":"/a","reason":"final","type":"file"}""")]
    [InlineData("""{"path":"/a","reason":"editor","seq":2,"type":"file","mode":420,"uid":0,"gid":0,"size":3,"sha256":"ab","blob":"files/ab"}""")]
    [InlineData("""{"path":"/a","reason":"final","type":"file","mode":"rw"}""")]
    public void A_captured_file_reads_as_before(string line) => AssertReadAlike<CapturedFile>(line);

    [Theory]
    [InlineData("""{"manager":"dpkg"}""")]
    [InlineData("""{"manager":"dpkg","snapshots":[{"seq":0,"packages":{"a":"1"}}]}""")]
    [InlineData("""{"manager":"dpkg","snapshots":[{"seq":0}]}""")]
    public void Packages_read_as_before(string json) => AssertReadAlike<PackageSnapshots>(json);

    /// <summary>The same record (or none), or the same error message, from the text and from its UTF-8 bytes.</summary>
    static void AssertReadAlike<T>(string json) where T : class
    {
        var expected = Outcome(() => JsonSerializer.Deserialize<T>(json, ReflectionTraceJson.Lines));
        Assert.Equal(expected, Outcome(() => TraceJson.Deserialize<T>(json)));
        Assert.Equal(expected, Outcome(() => TraceJson.Deserialize<T>(Encoding.UTF8.GetBytes(json))));
    }

    static string Outcome<T>(Func<T?> read)
    {
        try
        {
            var everything = new JsonSerializerOptions(ReflectionTraceJson.Lines) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };
            return read() is { } value ? JsonSerializer.Serialize(value, everything) : "null";
        }
        catch (JsonException e)
        {
            return "error: " + e.Message;
        }
    }

    public static TheoryData<string> ContextTypes() =>
    [
        .. typeof(TraceJsonContext).GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(System.Text.Json.Serialization.JsonSerializableAttribute))
            .Select(a => ((Type)a.ConstructorArguments[0].Value!).Name),
    ];

    /// <summary>
    /// A type added to the trace's JSON reads its required fields alone as before: this catches a record with
    /// initializers that <c>TraceJson</c> has no bare instance for, whose defaults would be lost.
    /// </summary>
    [Theory]
    [MemberData(nameof(ContextTypes))]
    public void Every_trace_type_read_with_only_its_required_fields_reads_as_before(string typeName)
    {
        var type = typeof(TraceJsonContext).Assembly.GetTypes().Single(t => t.Name == typeName && t.Namespace == typeof(TraceJsonContext).Namespace);
        var required = new System.Text.Json.Nodes.JsonObject();
        foreach (var property in ReflectionTraceJson.Lines.GetTypeInfo(type).Properties.Where(p => p.IsRequired))
            required[property.Name] = property.PropertyType switch
            {
                var t when t == typeof(string) => "x",
                var t when t == typeof(int) => 1,
                var t when t == typeof(DateTimeOffset) => "2026-01-01T00:00:00+00:00",
                var t => throw new InvalidOperationException($"{typeName}.{property.Name}: give this test a value of {t}"),
            };
        typeof(TraceJsonCompatibilityTests).GetMethod(nameof(AssertReadAlike), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, [required.ToJsonString()]);
    }

    public static TheoryData<string> BaselineTraceFiles() =>
    [
        .. Directory.EnumerateDirectories(Baselines.Root).Select(d => Path.Combine(d, "trace")).Where(Directory.Exists)
            .SelectMany(t => Directory.EnumerateFiles(t, "*.json*", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(Baselines.Root, f)).Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(BaselineTraceFiles))]
    public void A_baseline_trace_file_reads_as_before_and_is_written_back_byte_for_byte(string file)
    {
        var path = Path.Combine(Baselines.Root, file);
        switch (Path.GetFileName(path))
        {
            case TraceLayout.ManifestFile: AssertDocument<TraceManifest>(path); break;
            case TraceLayout.SessionFile: AssertDocument<SessionInfo>(path); break;
            case TraceLayout.PackagesFile: AssertDocument<PackageSnapshots>(path); break;
            case TraceLayout.CommandsFile: AssertLines<CommandRecord>(path); break;
            case TraceLayout.FilesFile: AssertLines<CapturedFile>(path); break;
            default: Assert.Fail($"{file}: not a trace file"); break;
        }
    }

    static void AssertDocument<T>(string path) where T : class
    {
        var text = File.ReadAllText(path);
        AssertReadAlike<T>(text);
        Assert.Equal(text, TraceJson.ToDocument(TraceJson.Deserialize<T>(text)!) + "\n");
    }

    static void AssertLines<T>(string path) where T : class
    {
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            AssertReadAlike<T>(line);
            Assert.Equal(line, TraceJson.ToLine(TraceJson.Deserialize<T>(line)!));
        }
    }
}

using System.Text;
using System.Text.Json.Nodes;
using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Trace;

/// <summary>
/// What valid JSON can still get wrong in a trace (a null where the model has a value, a name that would write
/// Dockerfile instructions of its own, two sessions of one number, a capture of a command that is not there, a folder
/// drec may not read) is a one-line error naming the file, and its line where it has one; never an exception in a
/// later pass, and never text of the trace's in a Dockerfile line of its own.
/// </summary>
public sealed class TraceValidationTests : IDisposable
{
    readonly string _dir = Path.Combine(Directory.CreateTempSubdirectory("drec-checks-").FullName, "t.drec");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);

    const string Manifest = """{"format":"drec-trace","version":1}""";

    const string Info =
        """{"number":1,"container_id":"c","container_name":"demo","image_reference":"debian:bookworm","user":"root","start":"2026-01-01T00:00:00Z","drec_version":"v"}""";

    static string Line(int seq, string cmd) => $$"""{"seq":{{seq}},"cmd":"{{cmd}}"}""";

    /// <summary>A trace of one session (folder session-<paramref name="folder"/>); returns the session folder.</summary>
    string WriteSession(string commands, string? files = null, string info = Info, int folder = 1)
    {
        var session = Path.Combine(_dir, TraceLayout.SessionFolder(folder));
        Directory.CreateDirectory(session);
        File.WriteAllText(Path.Combine(_dir, TraceLayout.ManifestFile), Manifest);
        File.WriteAllText(Path.Combine(session, TraceLayout.SessionFile), info);
        File.WriteAllText(Path.Combine(session, TraceLayout.CommandsFile), commands);
        if (files is not null) File.WriteAllText(Path.Combine(session, TraceLayout.FilesFile), files);
        return session;
    }

    public static TheoryData<string, string> BadCommandFields() => new()
    {
        // a null where the model has a value: the serializer lets it in, every pass takes it as never null
        { "\"cmd\":null", "\"cmd\" is null (a field with no value is left out)" },
        { "\"cmd\":\"x\",\"changes\":null", "\"changes\" is null (a field with no value is left out)" },
        { "\"cmd\":\"x\",\"changes\":{\"added\":[null],\"changed\":[],\"deleted\":[]}", "\"changes.added\" holds a null" },
        { "\"cmd\":\"x\",\"changes\":{\"added\":[],\"changed\":null,\"deleted\":[]}", "\"changes.changed\" is null (a field with no value is left out)" },
        { "\"cmd\":\"x\",\"pipestatus\":null", "\"pipestatus\" is null (a field with no value is left out)" },
        { "\"cmd\":\"x\",\"env_set\":null", "\"env_set\" is null (a field with no value is left out)" },
        { "\"cmd\":\"x\",\"env_set\":{\"A\":null}", "\"env_set\": the value of \"A\" is null (a variable removed is listed in \"env_unset\")" },
        { "\"cmd\":\"x\",\"env_unset\":[\"A\",null]", "\"env_unset\" holds a null" },
        { "\"cmd\":\"x\",\"ports\":null", "\"ports\" is null (a field with no value is left out)" },
        { "\"cmd\":\"x\",\"ports\":[null]", "\"ports\" holds a null" },
        { "\"cmd\":\"x\",\"flags\":[\"a\",null]", "\"flags\" holds a null" },
        { "\"cmd\":\"x\",\"captures\":null", "\"captures\" is null (a field with no value is left out)" },
        // names the compiler writes into ENV, USER, WORKDIR and EXPOSE
        { "\"cmd\":\"x\",\"env_set\":{\"A\\nRUN touch /pwned\":\"v\"}", "\"env_set\": \"A\\nRUN touch /pwned\" is not a variable name bash can export (letters, digits and _, not starting with a digit)" },
        { "\"cmd\":\"x\",\"env_set\":{\"\":\"v\"}", "\"env_set\": \"\" is not a variable name bash can export (letters, digits and _, not starting with a digit)" },
        { "\"cmd\":\"x\",\"env_set\":{\"A=B\":\"v\"}", "\"env_set\": \"A=B\" is not a variable name bash can export (letters, digits and _, not starting with a digit)" },
        { "\"cmd\":\"x\",\"env_set\":{\"A B\":\"v\"}", "\"env_set\": \"A B\" is not a variable name bash can export (letters, digits and _, not starting with a digit)" },
        { "\"cmd\":\"x\",\"env_unset\":[\"A\\nRUN x\"]", "\"env_unset\": \"A\\nRUN x\" is not a variable name bash can export (letters, digits and _, not starting with a digit)" },
        { "\"cmd\":\"x\",\"user\":\"bob\\nRUN touch /pwned\"", "\"user\": \"bob\\nRUN touch /pwned\" is not a user name (it is empty, or holds a blank, a control character or ':')" },
        { "\"cmd\":\"x\",\"user\":\"\"", "\"user\": \"\" is not a user name (it is empty, or holds a blank, a control character or ':')" },
        { "\"cmd\":\"x\",\"cwd\":\"/opt/a\\nRUN touch /pwned\"", "\"cwd\": \"/opt/a\\nRUN touch /pwned\" holds a line break or another control character, which a WORKDIR cannot hold" },
        { "\"cmd\":\"x\",\"cwd_before\":\"/a\\r\"", "\"cwd_before\": \"/a\\r\" holds a line break or another control character, which a WORKDIR cannot hold" },
        { "\"cmd\":\"x\",\"ports\":[{\"protocol\":\"tcp\\nRUN id\",\"address\":\"0.0.0.0\",\"port\":80}]", "\"ports\": protocol \"tcp\\nRUN id\" is not tcp, udp or sctp" },
        { "\"cmd\":\"x\",\"ports\":[{\"protocol\":\"tcp\",\"address\":\"0.0.0.0\",\"port\":0}]", "\"ports\": port 0 is not between 1 and 65535" },
        { "\"cmd\":\"x\",\"ports\":[{\"protocol\":\"tcp\",\"address\":\"0.0.0.0\",\"port\":70000}]", "\"ports\": port 70000 is not between 1 and 65535" },
    };

    [Theory]
    [MemberData(nameof(BadCommandFields))]
    public void A_command_line_valid_as_json_but_not_as_a_record_is_an_error_at_its_line(string fields, string why)
    {
        var session = WriteSession($"{Line(1, "ls")}\n{{\"seq\":2,{fields}}}\n{Line(3, "ls")}\n");
        var result = TraceReader.Read(_dir);
        Assert.Null(result.Trace);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal($"{Path.Combine(session, TraceLayout.CommandsFile)}:2:1: error DR2004: not a valid record: {why}", error.ToString());
    }

    [Theory]
    [InlineData("\"cmd\":null", "\"cmd\" is null (a field with no value is left out)")] // the serializer's reading
    [InlineData("\"cmd\":\"x\",\"env_set\":{\"A\\nRUN touch /pwned\":\"v\"}", "\"env_set\": \"A\\nRUN touch /pwned\" is not a variable name")] // the fast path's
    public void A_bad_record_of_a_large_file_read_in_parallel_is_an_error_at_its_line(string fields, string why)
    {
        var text = new StringBuilder();
        const int count = 20_000; // megabytes: read in pieces on all cores
        for (var seq = 1; seq <= count; seq++)
            text.Append(seq == 15_000 ? $"{{\"seq\":{seq},{fields}}}" : Line(seq, $"echo {seq} {new string('x', 100)}")).Append('\n');
        var session = WriteSession(text.ToString());
        var path = Path.Combine(session, TraceLayout.CommandsFile);
        Assert.True(new FileInfo(path).Length > 2 << 20);

        var result = TraceReader.Read(_dir);
        Assert.Null(result.Trace);
        Assert.StartsWith($"{path}:15000:1: error DR2004: not a valid record: {why}", Assert.Single(result.Diagnostics).ToString());
    }

    [Theory]
    [InlineData("image_reference", "\"debian:bookworm\\nRUN touch /pwned\"", "\"image_reference\": \"debian:bookworm\\nRUN touch /pwned\" is not an image reference (name[:tag][@digest])")]
    [InlineData("image_reference", "\"debian bookworm AS x\"", "\"image_reference\": \"debian bookworm AS x\" is not an image reference (name[:tag][@digest])")]
    [InlineData("image_id", "\"sha256:00\\nRUN x\"", "\"image_id\": \"sha256:00\\nRUN x\" is not an image id (sha256:…)")]
    [InlineData("image_digests", "[\"debian@sha256:abc\\nRUN touch /pwned\"]", "\"image_digests\": \"debian@sha256:abc\\nRUN touch /pwned\" is not a registry digest (name@sha256:…)")]
    [InlineData("image_digests", "[null]", "\"image_digests\" holds a null")]
    [InlineData("user", "\"bob\\nRUN touch /pwned\"", "\"user\": \"bob\\nRUN touch /pwned\" is not a user name (it is empty, or holds a blank, a control character or ':')")]
    [InlineData("number", "-3", "\"number\": -3 is not a session number (1, 2, …)")]
    [InlineData("number", "0", "\"number\": 0 is not a session number (1, 2, …)")]
    [InlineData("container_id", "null", "\"container_id\" is null (a field with no value is left out)")]
    [InlineData("environment", "{\"A\":null}", "\"environment\": the value of \"A\" is null")]
    [InlineData("environment", "null", "\"environment\" is null (a field with no value is left out)")]
    [InlineData("initial_directory", "\"/\\nRUN x\"", "\"initial_directory\": \"/\\nRUN x\" holds a line break or another control character, which a WORKDIR cannot hold")]
    [InlineData("ports_at_start", "[{\"protocol\":\"tcp \",\"address\":\"::\",\"port\":22}]", "\"ports_at_start\": protocol \"tcp \" is not tcp, udp or sctp")]
    public void A_session_json_valid_as_json_but_not_as_a_session_is_an_error_naming_it(string field, string json, string why)
    {
        var info = JsonNode.Parse(Info)!.AsObject();
        info[field] = JsonNode.Parse(json);
        var session = WriteSession(Line(1, "ls") + "\n", info: info.ToJsonString());
        var result = TraceReader.Read(_dir);
        Assert.Null(result.Trace);
        Assert.Equal($"{Path.Combine(session, TraceLayout.SessionFile)}:1:1: error DR2004: not a valid record: {why}", Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void An_empty_image_reference_or_id_is_one_not_recorded()
    {
        var info = JsonNode.Parse(Info)!.AsObject();
        info["image_reference"] = "";
        info["image_id"] = "";
        WriteSession(Line(1, "ls") + "\n", info: info.ToJsonString());
        var result = TraceReader.Read(_dir);
        Assert.Empty(result.Diagnostics);
        Assert.Equal("", Assert.Single(result.Trace!.Sessions).Info.ImageReference);
    }

    [Theory]
    [InlineData("\"path\":null,\"reason\":\"final\",\"type\":\"file\"", "\"path\" is null (a field with no value is left out)")]
    [InlineData("\"path\":\"/a\",\"reason\":\"final\",\"type\":null", "\"type\" is null (a field with no value is left out)")]
    public void A_captured_file_with_a_null_where_it_has_a_value_is_an_error_at_its_line(string fields, string why)
    {
        var session = WriteSession(Line(1, "ls") + "\n", files: $"{{{fields}}}\n");
        var result = TraceReader.Read(_dir);
        Assert.Equal($"{Path.Combine(session, TraceLayout.FilesFile)}:1:1: error DR2004: not a valid record: {why}", Assert.Single(result.Diagnostics).ToString());
    }

    [Theory]
    [InlineData("{\"manager\":null}", "\"manager\" is null (a field with no value is left out)")]
    [InlineData("{\"manager\":\"dpkg\",\"snapshots\":[null]}", "\"snapshots\" holds a null")]
    [InlineData("{\"manager\":\"dpkg\",\"snapshots\":[{\"seq\":0,\"packages\":null}]}", "\"snapshots.packages\" is null (a field with no value is left out)")]
    [InlineData("{\"manager\":\"dpkg\",\"snapshots\":[{\"seq\":0,\"packages\":{\"apt\":null}}]}", "\"snapshots.packages\": the value of \"apt\" is null")]
    public void A_packages_json_with_a_null_where_it_has_a_value_is_an_error_naming_it(string json, string why)
    {
        var session = WriteSession(Line(1, "ls") + "\n");
        var path = Path.Combine(session, TraceLayout.PackagesFile);
        File.WriteAllText(path, json);
        Assert.Equal($"{path}:1:1: error DR2004: not a valid record: {why}", Assert.Single(TraceReader.Read(_dir).Diagnostics).ToString());
    }

    [Theory]
    [InlineData("A", true)]
    [InlineData("_", true)]
    [InlineData("_a1", true)]
    [InlineData("PATH", true)]
    [InlineData("", false)]
    [InlineData("1A", false)]
    [InlineData("A=B", false)]
    [InlineData("A B", false)]
    [InlineData("A-B", false)]
    [InlineData("A\nRUN x", false)]
    [InlineData("caf\u00e9", false)]
    public void A_variable_name_is_one_bash_can_export(string name, bool valid) => Assert.Equal(valid, TraceNames.IsVariableName(name));

    [Theory]
    [InlineData("root", true)]
    [InlineData("www-data", true)]
    [InlineData("first.last", true)]
    [InlineData("1000", true)]
    [InlineData("DOMAIN\\user", true)]
    [InlineData("jos\u00e9", true)]
    [InlineData("", false)]
    [InlineData("bob\nRUN x", false)]
    [InlineData("a b", false)]
    [InlineData("a\tb", false)]
    [InlineData("app:staff", false)]
    [InlineData("a\u00a0b", false)]
    [InlineData("a\u0085b", false)]
    [InlineData("a\u2028b", false)]
    public void A_user_name_has_no_blank_control_character_or_colon(string name, bool valid) => Assert.Equal(valid, TraceNames.IsUserName(name));

    const string Hex64 = "4b1e0d7c2b6c3d1a2f3e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a";

    [Theory]
    [InlineData("debian", true)]
    [InlineData("debian:bookworm", true)]
    [InlineData("library/debian:12.5", true)]
    [InlineData("docker.io/library/debian:latest", true)]
    [InlineData("registry.example.com:5000/team/app_x.y-z:1.2-rc1", true)]
    [InlineData("localhost:5000/app", true)]
    [InlineData("[::1]:5000/app", true)]
    [InlineData("debian@sha256:4b1e", true)]
    [InlineData("debian:bookworm@sha256:" + Hex64, true)]
    [InlineData("sha256:" + Hex64, true)]
    [InlineData("", false)]
    [InlineData("debian bookworm", false)]
    [InlineData("debian:bookworm\nRUN touch /pwned", false)]
    [InlineData("debian:bookworm\n", false)]
    [InlineData("Debian", false)]
    [InlineData("debian:", false)]
    [InlineData(":bookworm", false)]
    [InlineData("a//b", false)]
    [InlineData("-debian", false)]
    [InlineData("debian@sha256:xyz", false)]
    public void An_image_reference_follows_the_engines_grammar(string reference, bool valid) =>
        Assert.Equal(valid, TraceNames.IsImageReference(reference));

    [Theory]
    [InlineData("debian@sha256:4b1e", true)]
    [InlineData("registry.example.com/mirror/debian@sha256:" + Hex64, true)]
    [InlineData("debian:bookworm", false)]
    [InlineData("sha256:" + Hex64, false)]
    [InlineData("debian@sha256:abc\nRUN touch /pwned", false)]
    public void A_registry_digest_names_a_repository_and_a_digest(string digest, bool valid) =>
        Assert.Equal(valid, TraceNames.IsImageDigest(digest));

    [Theory]
    [InlineData(2)]
    [InlineData(999_999_999)]
    public void Two_sessions_of_one_number_are_an_error_at_the_later_one(int folder)
    {
        WriteSession(Line(1, "ls") + "\n");
        var later = WriteSession(Line(1, "pwd") + "\n", folder: folder);
        var result = TraceReader.Read(_dir);
        Assert.Null(result.Trace);
        Assert.Equal(
            $"{Path.Combine(later, TraceLayout.SessionFile)}:1:1: error DR2004: not a valid record: \"number\": 1 is already session-1's (each session needs a number of its own)",
            Assert.Single(result.Diagnostics).ToString());
    }

    static string Capture(int seq) => $$"""{"path":"/etc/app.conf","reason":"editor","seq":{{seq}},"type":"file","mode":420}""";

    [Fact]
    public void A_capture_of_a_command_whose_line_is_not_written_yet_is_kept_as_a_final_change_with_a_warning()
    {
        // the recorder writes the capture, then its command's line: read between the two, or stopped there
        var session = WriteSession($"{Line(1, "ls")}\n{Line(2, "ls")}\n", files: $"{Capture(2)}\n{Capture(3)}\n");
        var result = TraceReader.Read(_dir);
        Assert.Equal(
            $"{Path.Combine(session, TraceLayout.FilesFile)}:2:1: warning DR2003: this capture belongs to command 3, which commands.jsonl does not have "
            + "(the recorder stopped before writing its line, or is writing it now): the file is kept as a change found at the session's end",
            Assert.Single(result.Diagnostics).ToString());
        var files = Assert.Single(result.Trace!.Sessions).Files;
        Assert.Equal([("editor", 2), ("final", (int?)null)], files.Select(f => (f.Reason, f.Seq)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-7)]
    public void A_capture_of_a_command_that_cannot_be_there_is_an_error_at_its_line(int seq)
    {
        // commands 2 and 5 were recorded: 1 is not a command of the session, 0 and -7 no command at all
        var session = WriteSession($"{Line(2, "ls")}\n{Line(5, "ls")}\n", files: $"{Capture(5)}\n{Capture(seq)}\n");
        var result = TraceReader.Read(_dir);
        Assert.Null(result.Trace);
        Assert.Equal(
            $"{Path.Combine(session, TraceLayout.FilesFile)}:2:1: error DR2004: not a valid record: \"seq\": {seq} names no command of this session (commands.jsonl has no line with it)",
            Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void A_session_whose_commands_are_all_lost_still_compiles_what_it_captured()
    {
        // a missing commands.jsonl: the capture of command 7 and the changes found at the end are all there is
        var session = WriteSession("", files:
            Capture(7) + "\n"
            + """{"path":"/opt/link","reason":"final","type":"symboliclink","link_target":"/etc/app.conf"}""" + "\n"
            + """{"path":"/opt/dir","reason":"final","type":"directory","mode":493}""" + "\n");
        File.Delete(Path.Combine(session, TraceLayout.CommandsFile));
        var content = Path.Combine(session, "files", "blob");
        Directory.CreateDirectory(Path.GetDirectoryName(content)!);
        File.WriteAllText(content, "port=80\n");
        var files = File.ReadAllText(Path.Combine(session, TraceLayout.FilesFile)).Replace("\"mode\":420}", "\"mode\":420,\"size\":8,\"blob\":\"files/blob\"}");
        File.WriteAllText(Path.Combine(session, TraceLayout.FilesFile), files);

        var result = TraceReader.Read(_dir);
        Assert.Equal("DR2003", Assert.Single(result.Diagnostics).Code);
        var compilation = DockerRecord.Passes.Compiler.Compile(result.Trace!, DockerRecord.Passes.CompileOptions.Default);
        var dockerfile = DockerRecord.Backend.DockerfileEmitter.Emit(compilation.Program, DockerRecord.Backend.EmitOptions.Default);
        Assert.Contains("COPY rootfs/etc/app.conf /etc/app.conf\n", dockerfile);
        Assert.Contains("mkdir -p /opt/dir", dockerfile);
        Assert.Contains("ln -sfn /etc/app.conf /opt/link", dockerfile);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0 })]
    [InlineData(new byte[] { (byte)'{', (byte)'}', (byte)'\r', (byte)'{', (byte)'}' })]
    public void A_last_line_that_goes_wrong_before_its_end_is_malformed_not_torn(byte[] bytes)
    {
        // a torn line is a record cut short; skipping this one with a warning would lose a whole file without an error
        var session = WriteSession("");
        var path = Path.Combine(session, TraceLayout.CommandsFile);
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(Line(1, "ls") + "\n"), .. bytes]);
        var result = TraceReader.Read(_dir);
        Assert.StartsWith($"{path}:2:1: error DR2004: not a valid record: ", Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void A_complete_last_line_of_the_wrong_shape_is_malformed_not_torn()
    {
        var session = WriteSession(Line(1, "ls") + "\n{\"seq\":\"two\",\"cmd\":\"ls\"}");
        var result = TraceReader.Read(_dir);
        Assert.StartsWith($"{Path.Combine(session, TraceLayout.CommandsFile)}:2:1: error DR2004: not a valid record: The JSON value could not be converted",
            Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void A_manifest_with_a_byte_order_mark_reads_and_an_empty_one_says_so()
    {
        WriteSession(Line(1, "ls") + "\n");
        var manifest = Path.Combine(_dir, TraceLayout.ManifestFile);
        File.WriteAllBytes(manifest, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Manifest)]);
        Assert.Empty(TraceReader.Read(_dir).Diagnostics);

        File.WriteAllBytes(manifest, [0xEF, 0xBB, 0xBF]);
        Assert.Equal($"{manifest}:1:1: error DR2004: not a valid record: the file is empty", Assert.Single(TraceReader.Read(_dir).Diagnostics).ToString());
    }

    [Fact]
    public void A_foreign_format_is_named_on_one_line()
    {
        WriteSession(Line(1, "ls") + "\n");
        var manifest = Path.Combine(_dir, TraceLayout.ManifestFile);
        File.WriteAllText(manifest, """{"format":"x\nRUN y","version":1}""");
        Assert.Equal($"{manifest}:1:1: error DR2001: not a drec trace: its format is \"x\\nRUN y\"", Assert.Single(TraceReader.Read(_dir).Diagnostics).ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_format_version_below_1_is_an_error(int version)
    {
        WriteSession(Line(1, "ls") + "\n");
        var manifest = Path.Combine(_dir, TraceLayout.ManifestFile);
        File.WriteAllText(manifest, $$"""{"format":"drec-trace","version":{{version}}}""");
        Assert.Equal($"{manifest}:1:1: error DR2004: not a valid record: \"version\": {version} is not a format version (1, 2, …)",
            Assert.Single(TraceReader.Read(_dir).Diagnostics).ToString());
    }

    [Theory]
    [InlineData(0b001_001_001)] // may look into it, not list it: trace.json reads, the sessions cannot be found
    [InlineData(0)]             // nothing: trace.json cannot be seen, which is not its being missing
    public void A_trace_folder_drec_may_not_read_is_an_error_naming_it(int mode)
    {
        WriteSession(Line(1, "ls") + "\n");
        var result = WithMode(_dir, mode, () => TraceReader.Read(_dir));
        Assert.Null(result.Trace);
        Assert.Equal($"{_dir}: error DR2006: cannot read this trace folder: permission denied", Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void A_session_folder_drec_may_not_look_into_is_an_error_naming_it_not_a_missing_session_json()
    {
        var session = WriteSession(Line(1, "ls") + "\n");
        var result = WithMode(session, 0, () => TraceReader.Read(_dir));
        Assert.Null(result.Trace);
        Assert.Equal($"{session}: error DR2006: cannot read this trace folder: permission denied", Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void A_folder_in_place_of_session_json_is_an_error_naming_it()
    {
        var session = WriteSession(Line(1, "ls") + "\n");
        var info = Path.Combine(session, TraceLayout.SessionFile);
        File.Delete(info);
        Directory.CreateDirectory(info);
        Assert.Equal($"{info}:1:1: error DR2006: cannot read this trace file: it is a folder, not a file", Assert.Single(TraceReader.Read(_dir).Diagnostics).ToString());
    }

    /// <summary>Runs <paramref name="read"/> as a user meets <paramref name="path"/> with <paramref name="mode"/>, then gives the mode back.</summary>
    static T WithMode<T>(string path, int mode, Func<T> read)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("file modes");
        var before = File.GetUnixFileMode(path);
        File.SetUnixFileMode(path, (UnixFileMode)mode);
        try
        {
            return Unprivileged.Run(read);
        }
        finally
        {
            File.SetUnixFileMode(path, before);
        }
    }

    [Fact]
    public void A_session_variable_with_a_line_break_never_becomes_a_WORKDIR()
    {
        // the environment is a snapshot that may hold any value (a certificate, an exported function); as a folder it is refused
        var info = JsonNode.Parse(Info)!.AsObject();
        info["environment"] = new JsonObject { ["HOME"] = "/root\nRUN touch /pwned", ["APP"] = "/srv\nRUN touch /pwned" };
        WriteSession(
            """{"seq":1,"cmd":"cd ~ && touch a && cd / && touch x","cwd_before":"/","cwd":"/","changes":{"added":["/a","/x"],"changed":[],"deleted":[]}}""" + "\n"
            + """{"seq":2,"cmd":"cd $APP && touch b && cd / && touch y","cwd_before":"/","cwd":"/","changes":{"added":["/b","/y"],"changed":[],"deleted":[]}}""" + "\n",
            info: info.ToJsonString());
        var compilation = DockerRecord.Passes.Compiler.Compile(TraceReader.Read(_dir).Trace!, DockerRecord.Passes.CompileOptions.Default);
        var dockerfile = DockerRecord.Backend.DockerfileEmitter.Emit(compilation.Program, DockerRecord.Backend.EmitOptions.Default);
        Assert.DoesNotContain("pwned", dockerfile);
        Assert.Contains("WORKDIR /root\n", dockerfile); // root's home by the Debian convention
        Assert.Contains(compilation.Diagnostics, d => d.Code == "DR3020" && d.Message.Contains("`cd $APP`"));
    }

    public static TheoryData<string, string> Injections() => new()
    {
        { "env_set", "{\"seq\":2,\"cmd\":\"export x\",\"env_set\":{\"A\\nRUN touch /pwned\":\"v\"}}" },
        { "user", "{\"seq\":2,\"cmd\":\"id\",\"user\":\"bob\\nRUN touch /pwned\"}" },
        { "cwd", "{\"seq\":2,\"cmd\":\"true\",\"cwd_before\":\"/a\\nRUN touch /pwned\"}" },
        { "image", "" },
    };

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task Text_that_would_write_an_instruction_of_its_own_is_a_one_line_error_and_no_Dockerfile(string field, string line)
    {
        var info = field == "image" ? Info.Replace("debian:bookworm", "debian:bookworm\\nRUN touch /pwned") : Info;
        WriteSession($"{Line(1, "ls")}\n{line}\n", info: info);
        var output = Path.Combine(Path.GetDirectoryName(_dir)!, "out", "Dockerfile");
        var (exit, _, error) = await DrecCli.Run("compile", _dir, "-o", output);
        Assert.Equal(DockerRecord.Cli.ExitCodes.InputErrors, exit);
        var message = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^/\S+:\d+:1: error DR2004: not a valid record: .*\\nRUN touch /pwned", message);
        Assert.False(File.Exists(output));
    }
}

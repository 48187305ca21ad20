using System.Text;
using System.Text.Json;
using DockerRecord.Cli.Diagnostics;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Trace;
using DockerRecord.Passes;
using DockerRecord.UnitTests.Support;
using Superpower.Model;

namespace DockerRecord.UnitTests.Diagnostics;

/// <summary>The three output formats: text (colour), JSON (its documented shape) and SARIF (a golden file).</summary>
public sealed class DiagnosticFormatTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("drec-formats-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// A small trace with findings of every kind of location (session.json, a command, a column inside a command
    /// line with escapes before it), compiled; returns its folder and diagnostics.
    /// </summary>
    (string Trace, IReadOnlyList<Diagnostic> Diagnostics) SmallTrace()
    {
        var trace = new TraceBuilder("debian:latest")
            .Command("apt-get update && apt-get install curl", r => r with { Changes = new FileChanges(["/usr/bin/curl"], ["/var/lib/dpkg/status"], []) })
            .Command("cd /opt && curl -fsSL https://example.com/install.sh | sh", r => r with { Cwd = "/opt", Changes = new FileChanges(["/usr/local/bin/tool"], [], []) })
            .Command("echo \"é \\\"quoted\\\"\"; sudo date > /etc/stamp; apt-get dist-upgrade",
                r => r with { Changes = new FileChanges(["/etc/stamp"], ["/var/lib/dpkg/status"], []) })
            .WriteTo(Path.Combine(_dir, "demo.drec"));
        var compilation = DockerRecord.Passes.Compiler.Compile(TraceReader.Read(trace).Trace!, CompileOptions.Default);
        return (trace, DiagnosticPolicy.Default.Apply(compilation.Diagnostics));
    }

    [Fact]
    public void Text_is_one_line_whatever_the_trace_holds()
    {
        // a recorded path or value with a line break, a tab or an escape sequence must not split the line or reach the terminal
        var diagnostic = new Diagnostic("DR3030", DiagnosticSeverity.Warning, "final state: /opt/a\nRUN touch /x\tb\e[2J", TextSpan.None)
        {
            Path = "trace/session-1/files.jsonl\r",
        };
        Assert.Equal("trace/session-1/files.jsonl\\r: warning DR3030: final state: /opt/a\\nRUN touch /x\\tb\\u001b[2J",
            TextDiagnosticWriter.Format(diagnostic, colour: false));
    }

    [Fact]
    public void Text_is_compiler_style_and_coloured_only_when_asked()
    {
        var diagnostic = new Diagnostic("DR5003", DiagnosticSeverity.Warning, "m", TextSpan.None) { Location = new TraceLocation(1, 12) };
        Assert.Equal("session-1:12: warning DR5003: m", TextDiagnosticWriter.Format(diagnostic, colour: false));
        Assert.Equal("session-1:12: \e[1;35mwarning\e[0m DR5003: m", TextDiagnosticWriter.Format(diagnostic, colour: true));
        Assert.False(TextDiagnosticWriter.ShouldColour(new StringWriter()));
    }

    [Fact]
    public void Json_has_the_documented_shape()
    {
        var (_, diagnostics) = SmallTrace();
        using var stream = new MemoryStream();
        JsonDiagnosticWriter.Write(diagnostics, stream);
        using var document = JsonDocument.Parse(stream.ToArray());
        Assert.Equal(1, document.RootElement.GetProperty("version").GetInt32());
        var items = document.RootElement.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Equal(diagnostics.Count, items.Count);

        var script = items.Single(i => i.GetProperty("code").GetString() == "DR5032");
        Assert.Equal("warning", script.GetProperty("severity").GetString());
        Assert.Equal("analyzers", script.GetProperty("category").GetString());
        Assert.Equal("Downloaded script run by a shell", script.GetProperty("title").GetString());
        Assert.Equal("https://github.com/drec/drec/blob/main/docs/diagnostics.md#dr5032", script.GetProperty("helpUri").GetString());
        Assert.Equal(1, script.GetProperty("session").GetInt32());
        Assert.Equal(2, script.GetProperty("command").GetInt32());
        Assert.Equal(1, script.GetProperty("line").GetInt32());
        Assert.Equal(12, script.GetProperty("column").GetInt32());
        Assert.False(script.TryGetProperty("file", out _));

        var latest = items.Single(i => i.GetProperty("code").GetString() == "DR5006");
        Assert.EndsWith("session.json", latest.GetProperty("file").GetString());
        Assert.False(latest.TryGetProperty("session", out _));
    }

    [Fact]
    public void Sarif_matches_the_golden_file()
    {
        var (trace, diagnostics) = SmallTrace();
        Baselines.AssertMatches(Path.Combine(Repository.Root, "tests", "UnitTests", "Diagnostics", "Golden", "small.sarif"), Sarif(trace, diagnostics));
    }

    [Fact]
    public void Sarif_regions_point_at_the_characters_inside_the_escaped_cmd()
    {
        var (trace, diagnostics) = SmallTrace();
        var artifacts = new TraceArtifacts(trace);
        var line = File.ReadLines(Path.Combine(trace, "session-1", "commands.jsonl")).ElementAt(2);
        foreach (var code in new[] { "DR5033", "DR5030" })
        {
            var diagnostic = diagnostics.Single(d => d.Code == code);
            var (path, region) = artifacts.Locate(diagnostic);
            Assert.EndsWith(Path.Combine("session-1", "commands.jsonl"), path);
            Assert.Equal(3, region.StartLine);
            var raw = line[(region.StartColumn!.Value - 1)..(region.EndColumn!.Value - 1)];
            Assert.Equal(diagnostic.Span.ToStringValue(), JsonSerializer.Deserialize<string>("\"" + raw + "\""));
        }
    }

    [Theory]
    [InlineData("{\"seq\":1,\"cmd\":\"ab\\ncd\"}", 3, 2, 21, 23)]
    [InlineData("{\"seq\":1,\"cmd\":\"a\\u00e9b\"}", 1, 2, 18, 25)]
    [InlineData("{\"seq\":1,\"cmd\":\"abc\"}", 0, 3, 17, 20)]
    public void Cmd_columns_skip_escapes(string line, int offset, int length, int start, int end)
    {
        Assert.Equal((start, end), TraceArtifacts.CmdColumns(line, offset, length));
    }

    [Fact]
    public void Sarif_fingerprints_do_not_depend_on_command_numbers()
    {
        var stamp = (CommandRecord r) => r with { Changes = new FileChanges(["/etc/stamp"], [], []) };
        var first = new TraceBuilder().Command("date > /etc/stamp", stamp).WriteTo(Path.Combine(_dir, "a"));
        var second = new TraceBuilder().Command("true").Command("date > /etc/stamp", stamp).WriteTo(Path.Combine(_dir, "b"));
        string Fingerprint(string trace)
        {
            var compilation = DockerRecord.Passes.Compiler.Compile(TraceReader.Read(trace).Trace!, CompileOptions.Default);
            using var document = JsonDocument.Parse(Sarif(trace, compilation.Diagnostics.Where(d => d.Code == "DR5033").ToList()));
            return document.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString()!;
        }
        Assert.Equal(Fingerprint(first), Fingerprint(second));
    }

    string Sarif(string trace, IReadOnlyList<Diagnostic> diagnostics)
    {
        using var stream = new MemoryStream();
        SarifLogWriter.Write(diagnostics, new TraceArtifacts(trace), _dir, stream);
        return Encoding.UTF8.GetString(stream.ToArray())
            .Replace(new Uri(_dir + "/").AbsoluteUri, "file:///WORKDIR/")
            .Replace($"\"{SarifLogWriter.ToolVersion}\"", "\"0.0.0-test\"");
    }
}

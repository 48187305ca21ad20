using System.Text.Json;
using DockerRecord.Cli;
using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Cli;

/// <summary><c>drec compile</c>'s diagnostic options: formats, output file, policy options, config file, exit codes.</summary>
public sealed class CompileDiagnosticsTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("drec-compile-diag-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static Task<(int Exit, string Out, string Err)> Run(params string[] args) => DrecCli.Run(args);

    /// <summary>One warning (system upgrade replayed, DR5030) and one info (final user root, DR5002).</summary>
    string WarningTrace() => _trace ??= new TraceBuilder()
        .Command("apt-get upgrade -y", r => r with { Changes = new FileChanges([], ["/var/lib/dpkg/status"], []) })
        .WriteTo(Path.Combine(_dir, "trace"));

    string? _trace;

    string Dockerfile => Path.Combine(_dir, "out", "Dockerfile");

    [Fact]
    public async Task Warnings_exit_0_and_the_Dockerfile_is_written()
    {
        var (exit, _, error) = await Run("compile", WarningTrace(), "-o", Dockerfile);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("session-1:1:1:1: warning DR5030: ", error);
        Assert.Contains("session-1:1: info DR5002: ", error);
        Assert.True(File.Exists(Dockerfile));
    }

    [Fact]
    public async Task Warnaserror_exits_1_but_still_writes_the_Dockerfile()
    {
        var (exit, _, error) = await Run("compile", "--warnaserror", WarningTrace(), "-o", Dockerfile);
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Contains("error DR5030", error);
        Assert.Contains("info DR5002", error);
        Assert.True(File.Exists(Dockerfile));
    }

    [Fact]
    public async Task Warnaserror_with_codes_raises_only_those()
    {
        var (exit, _, error) = await Run("compile", WarningTrace(), "-o", Dockerfile, "--warnaserror=DR5004,DR5031");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("warning DR5030", error);
        (exit, _, error) = await Run("compile", WarningTrace(), "-o", Dockerfile, "--warnaserror=dr5030");
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Contains("error DR5030", error);
    }

    [Fact]
    public async Task Nowarn_suppresses_and_verbose_shows_hidden()
    {
        // the group pass keeps the package RUN and the application RUN apart on purpose: a hidden DR5012
        var trace = new TraceBuilder()
            .Command("apt-get upgrade -y", r => r with { Changes = new FileChanges([], ["/var/lib/dpkg/status"], []) })
            .Command("touch /opt/x", r => r with { Changes = new FileChanges(["/opt/x"], [], []) })
            .WriteTo(Path.Combine(_dir, "trace"));
        var (exit, _, error) = await Run("compile", trace, "-o", Dockerfile, "--nowarn", "DR5030,DR5002");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("", error);
        (_, _, error) = await Run("compile", trace, "-o", Dockerfile, "--nowarn", "DR5030", "--nowarn", "DR5002", "--verbose");
        Assert.Equal("session-1:2: hidden DR5012: 2 consecutive RUNs run in the same context; joined with && they would make one layer\n", error);
    }

    [Theory]
    [InlineData("--nowarn", "DR9999", "drec: error: --nowarn: there is no diagnostic DR9999")]
    [InlineData("--nowarn", "DR3002", "drec: error: --nowarn: DR3002 is an error (the output would be wrong), so it cannot be suppressed or changed")]
    [InlineData("--diagnostics-format", "xml", "drec: error: ")]
    public async Task Bad_policy_options_are_usage_errors(string option, string value, string expected)
    {
        var (exit, _, error) = await Run("compile", WarningTrace(), "-o", Dockerfile, option, value);
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        Assert.StartsWith(expected, error);
        Assert.False(File.Exists(Dockerfile));
    }

    [Fact]
    public async Task The_config_file_sets_severities_and_a_bad_one_exits_2_with_its_position()
    {
        var config = Path.Combine(_dir, "drec.json");
        File.WriteAllText(config, """{ "diagnostics": { "DR5030": "error", "DR5002": "none" } }""");
        var (exit, _, error) = await Run("compile", WarningTrace(), "-o", Dockerfile, "--config", config);
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Contains("error DR5030", error);
        Assert.DoesNotContain("DR5002", error);

        File.WriteAllText(config, "{\n  \"diagnostics\": { \"DR5030\": \"fatal\" }\n}");
        (exit, _, error) = await Run("compile", WarningTrace(), "-o", Dockerfile, "--config", config);
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        Assert.Equal($"{config}:2:30: error: 'fatal' is not a severity (error, warning, info, hidden, none)\n", error);
    }

    [Fact]
    public async Task An_error_writes_no_Dockerfile_and_exits_1()
    {
        var trace = new TraceBuilder("").Command("true").WriteTo(Path.Combine(_dir, "trace"));
        File.WriteAllText(Path.Combine(trace, "session-1", "session.json"),
            File.ReadAllText(Path.Combine(trace, "session-1", "session.json")).Replace("\"image_id\": \"sha256:0000000000000000000000000000000000000000000000000000000000000000\",", ""));
        var (exit, _, error) = await Run("compile", trace, "-o", Dockerfile);
        Assert.Equal(ExitCodes.InputErrors, exit);
        // the empty image_reference is one not recorded; the error names the file that lacks the image
        Assert.Contains($"{Path.Combine(trace, "session-1", "session.json")}: error DR3002: the trace does not name the container's image", error);
        Assert.False(File.Exists(Dockerfile));
    }

    [Fact]
    public async Task Sarif_and_json_go_to_the_output_file()
    {
        var sarif = Path.Combine(_dir, "reports", "drec.sarif");
        var (exit, output, error) = await Run("compile", WarningTrace(), "-o", Dockerfile, "--diagnostics-format", "sarif", "--diagnostics-output", sarif);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("", output);
        Assert.Equal("", error);
        using (var document = JsonDocument.Parse(File.ReadAllText(sarif)))
        {
            var run = document.RootElement.GetProperty("runs")[0];
            Assert.Equal("drec", run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
            Assert.Equal(["DR5002", "DR5030"], run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        }

        (exit, output, _) = await Run("compile", WarningTrace(), "-o", Dockerfile, "--diagnostics-format", "json");
        Assert.Equal(ExitCodes.Success, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("diagnostics").GetArrayLength());
    }

    [Fact]
    public async Task A_structured_format_on_stdout_does_not_mix_with_explain()
    {
        var (exit, _, error) = await Run("compile", WarningTrace(), "-o", Dockerfile, "--diagnostics-format", "sarif", "--explain");
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        Assert.Contains("add --diagnostics-output FILE", error);
    }

    [Fact]
    public async Task A_trace_that_cannot_be_read_is_still_reported_in_the_chosen_format()
    {
        var (exit, output, _) = await Run("compile", Path.Combine(_dir, "missing"), "--diagnostics-format", "json");
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Contains("\"code\": \"DR2001\"", output);
    }

    [Fact]
    public async Task Parse_applies_the_same_policy()
    {
        var file = Path.Combine(_dir, "hd.sh");
        File.WriteAllText(file, "cat <<EOF\nx\n");
        var (exit, _, error) = await Run("parse", file, "--warnaserror");
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Contains("error DR1006", error);
        (exit, _, error) = await Run("parse", file, "--nowarn", "DR1006");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("", error);
    }
}
